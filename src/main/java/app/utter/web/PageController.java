package app.utter.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The server-rendered pages; each returns the name of its template. */
@Controller
@HtmlPages
class PageController {

    @GetMapping("/")
    String home() {
        return "index";
    }

    @GetMapping("/clone")
    String newVoice() {
        return "clone";
    }

    @GetMapping("/voices")
    String voices() {
        return "voices";
    }

    @GetMapping("/generate")
    String generate() {
        return "generate";
    }

    @GetMapping("/design")
    String design() {
        return "design";
    }

    @GetMapping("/scripts")
    String scripts() {
        return "scripts";
    }

    @GetMapping("/scripts/{id}")
    String script() {
        return "script";
    }

    @GetMapping("/dictionary")
    String dictionary() {
        return "dictionary";
    }

    @GetMapping("/history")
    String history() {
        return "history";
    }

    @GetMapping("/account")
    String account() {
        return "account";
    }

    @GetMapping("/admin/users")
    String adminUsers() {
        return "admin-users";
    }

    @GetMapping("/admin/speech")
    String adminSpeech() {
        return "admin-speech";
    }
}
