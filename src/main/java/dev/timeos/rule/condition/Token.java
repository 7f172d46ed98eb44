package dev.timeos.rule.condition;

/**
 * One token of a condition.
 *
 * @param type     what kind of token
 * @param text     the source text, used in error messages and, for words, to tell keywords apart
 * @param position zero-based offset of the first character in the source
 * @param value    the decoded value of a literal ({@link java.math.BigDecimal} or {@link String}),
 *                 otherwise {@code null}
 */
record Token(TokenType type, String text, int position, Object value) {

    boolean is(TokenType expected) {
        return type == expected;
    }

    boolean isWord(String word) {
        return type == TokenType.WORD && text.equals(word);
    }

    /** How the token is named in an error message: what the user typed, or "end of input". */
    String describe() {
        if (type == TokenType.EOF) {
            return "end of input";
        }
        // A string literal already carries its quotes; quoting it again would read as ''US''.
        return type == TokenType.STRING ? "string " + text : "'" + text + "'";
    }
}
