package app.utter.web;

import org.springframework.http.HttpStatus;

/** Which page of a list to show: pages count from 0, each of 1 to 200 items. */
public record Paging(int page, int size) {

    public static final int MAX_SIZE = 200;

    public Paging {
        if (page < 0 || size < 1 || size > MAX_SIZE) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-page", "Invalid page",
                    "Use page ≥ 0 and a size from 1 to " + MAX_SIZE + ".");
        }
    }

    /** How many items come before this page; a long, since page × size passes the int range on far pages. */
    public long offset() {
        return (long) page * size;
    }
}
