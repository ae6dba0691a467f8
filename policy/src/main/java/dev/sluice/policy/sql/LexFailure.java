package dev.sluice.policy.sql;

/** Internal to the lexer: text that cannot be scanned; turned into {@link SqlLexer.LexError}, never thrown out. */
final class LexFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int position;

    LexFailure(String message, int position) {
        super(message, null, false, false);
        this.position = position;
    }
}
