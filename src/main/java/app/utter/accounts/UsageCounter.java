package app.utter.accounts;

/** Counts something an account owns or runs, for its usage summary; features that own the rows implement it. */
public interface UsageCounter {

    /** The usage's key in the account summary, e.g. {@code voices}. */
    String usage();

    long count(Owner owner);
}
