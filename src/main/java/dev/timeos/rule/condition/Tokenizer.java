package dev.timeos.rule.condition;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a condition into {@link Token}s.
 *
 * <p>Besides the plain lexing, this is the first line of the sandbox: characters that only make sense
 * in a language with side effects or templating ({@code =}, {@code +=}, {@code ++}, {@code ->},
 * {@code ;}, <code>#{</code>, <code>${</code>) are rejected here with a message that names the construct, so
 * that a user who tries Java or EL syntax learns why it is refused rather than reading "unexpected
 * character".
 */
final class Tokenizer {

    private final String source;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;

    Tokenizer(String source) {
        if (source.length() > Condition.MAX_LENGTH) {
            throw new InvalidConditionException(Condition.MAX_LENGTH,
                    "condition is too long (" + source.length() + " characters, at most "
                            + Condition.MAX_LENGTH + " allowed)");
        }
        this.source = source;
    }

    /** Tokenizes the whole source; the last token is always {@link TokenType#EOF}. */
    static List<Token> tokenize(String source) {
        Tokenizer tokenizer = new Tokenizer(source);
        int index = 0;
        while (!tokenizer.get(index).is(TokenType.EOF)) {
            index++;
        }
        return List.copyOf(tokenizer.tokens);
    }

    /**
     * The token at {@code index}, reading only as far as needed; past the end, the EOF token.
     * Reading lazily means the parser reports the leftmost problem: in
     * {@code payload.items.stream().anyMatch(i -> true)} the call, not the later lambda arrow.
     */
    Token get(int index) {
        while (tokens.size() <= index && !atEof()) {
            next();
        }
        return tokens.get(Math.min(index, tokens.size() - 1));
    }

    private boolean atEof() {
        return !tokens.isEmpty() && tokens.get(tokens.size() - 1).is(TokenType.EOF);
    }

    private void next() {
        skipWhitespace();
        if (pos >= source.length()) {
            tokens.add(new Token(TokenType.EOF, "", pos, null));
            return;
        }
        char c = source.charAt(pos);
        if (isDigit(c)) {
            number();
        } else if (c == '\'' || c == '"') {
            string(c);
        } else if (isWordStart(c)) {
            word();
        } else {
            symbol(c);
        }
    }

    private void skipWhitespace() {
        while (pos < source.length()) {
            char c = source.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private void number() {
        int start = pos;
        while (pos < source.length() && isDigit(source.charAt(pos))) {
            pos++;
        }
        // A dot followed by a digit is a fraction; any other dot is left for the parser, which will
        // refuse member access on a literal with a clear message.
        if (pos + 1 < source.length() && source.charAt(pos) == '.' && isDigit(source.charAt(pos + 1))) {
            pos++;
            while (pos < source.length() && isDigit(source.charAt(pos))) {
                pos++;
            }
        }
        if (pos < source.length() && isWordStart(source.charAt(pos))) {
            int end = pos;
            while (end < source.length() && isWordPart(source.charAt(end))) {
                end++;
            }
            throw new InvalidConditionException(start, "invalid number '" + source.substring(start, end)
                    + "'; numbers are written like 1000 or 12.5 (no exponents, suffixes or hex)");
        }
        String text = source.substring(start, pos);
        tokens.add(new Token(TokenType.NUMBER, text, start, new BigDecimal(text)));
    }

    private void string(char quote) {
        int start = pos;
        pos++;
        StringBuilder value = new StringBuilder();
        while (true) {
            if (pos >= source.length()) {
                throw new InvalidConditionException(start, "unterminated string literal; expected a closing "
                        + quote);
            }
            char c = source.charAt(pos);
            if (c == quote) {
                pos++;
                break;
            }
            if (c == '\\') {
                value.append(escape());
            } else {
                value.append(c);
                pos++;
            }
            if (value.length() > Condition.MAX_STRING_LENGTH) {
                throw new InvalidConditionException(start, "string literal is too long (at most "
                        + Condition.MAX_STRING_LENGTH + " characters allowed)");
            }
        }
        tokens.add(new Token(TokenType.STRING, source.substring(start, pos), start, value.toString()));
    }

    /** Decodes the escape at {@code pos} (which holds the backslash) and moves past it. */
    private char escape() {
        int start = pos;
        if (pos + 1 >= source.length()) {
            throw new InvalidConditionException(start, "unterminated escape sequence at end of input");
        }
        char e = source.charAt(pos + 1);
        pos += 2;
        switch (e) {
            case '\\': return '\\';
            case '\'': return '\'';
            case '"': return '"';
            case '/': return '/';
            case 'n': return '\n';
            case 't': return '\t';
            case 'r': return '\r';
            case 'b': return '\b';
            case 'f': return '\f';
            case 'u': {
                if (pos + 4 > source.length()) {
                    throw new InvalidConditionException(start, "invalid unicode escape; expected \\u and four hex digits");
                }
                int code = 0;
                for (int i = 0; i < 4; i++) {
                    int digit = Character.digit(source.charAt(pos + i), 16);
                    if (digit < 0) {
                        throw new InvalidConditionException(start,
                                "invalid unicode escape; expected \\u and four hex digits");
                    }
                    code = code * 16 + digit;
                }
                pos += 4;
                return (char) code;
            }
            default:
                throw new InvalidConditionException(start, "unknown escape '\\" + e
                        + "'; expected one of \\\\ \\' \\\" \\/ \\n \\t \\r \\b \\f \\uXXXX");
        }
    }

    private void word() {
        int start = pos;
        while (pos < source.length() && isWordPart(source.charAt(pos))) {
            pos++;
        }
        tokens.add(new Token(TokenType.WORD, source.substring(start, pos), start, null));
    }

    private void symbol(char c) {
        char next = pos + 1 < source.length() ? source.charAt(pos + 1) : '\0';
        switch (c) {
            case '.': add(TokenType.DOT, 1); return;
            case ',': add(TokenType.COMMA, 1); return;
            case '(': add(TokenType.LPAREN, 1); return;
            case ')': add(TokenType.RPAREN, 1); return;
            case '[': add(TokenType.LBRACKET, 1); return;
            case ']': add(TokenType.RBRACKET, 1); return;
            case '=':
                if (next == '=') {
                    add(TokenType.EQ, 2);
                    return;
                }
                throw new InvalidConditionException(pos, "assignment is not allowed; use '==' to compare");
            case '!':
                if (next == '=') {
                    add(TokenType.NE, 2);
                } else {
                    add(TokenType.BANG, 1);
                }
                return;
            case '<':
                if (next == '=') {
                    add(TokenType.LE, 2);
                } else {
                    add(TokenType.LT, 1);
                }
                return;
            case '>':
                if (next == '=') {
                    add(TokenType.GE, 2);
                } else {
                    add(TokenType.GT, 1);
                }
                return;
            case '&':
                if (next == '&') {
                    add(TokenType.AND, 2);
                    return;
                }
                rejectCompoundAssignment(next);
                throw new InvalidConditionException(pos, "unexpected '&'; use '&&' or 'and'");
            case '|':
                if (next == '|') {
                    add(TokenType.OR, 2);
                    return;
                }
                rejectCompoundAssignment(next);
                throw new InvalidConditionException(pos, "unexpected '|'; use '||' or 'or'");
            case '+':
                rejectCompoundAssignment(next);
                rejectIncrement(next, '+');
                add(TokenType.PLUS, 1);
                return;
            case '-':
                rejectCompoundAssignment(next);
                rejectIncrement(next, '-');
                if (next == '>') {
                    throw new InvalidConditionException(pos, "lambdas ('->') are not allowed");
                }
                add(TokenType.MINUS, 1);
                return;
            case '*':
                rejectCompoundAssignment(next);
                add(TokenType.STAR, 1);
                return;
            case '/':
                rejectCompoundAssignment(next);
                add(TokenType.SLASH, 1);
                return;
            case ';':
                throw new InvalidConditionException(pos,
                        "semicolons are not allowed; a condition is a single expression");
            case '#':
            case '$':
                if (next == '{') {
                    throw new InvalidConditionException(pos, "EL expressions ('#{...}', '${...}') are not allowed;"
                            + " write the condition itself, e.g. payload.amount > 1000");
                }
                throw new InvalidConditionException(pos, "unexpected character '" + c + "'");
            case '{':
            case '}':
                throw new InvalidConditionException(pos, "unexpected '" + c + "'; blocks and object literals are not allowed");
            case ':':
                if (next == ':') {
                    throw new InvalidConditionException(pos, "method references ('::') are not allowed");
                }
                throw new InvalidConditionException(pos, "unexpected character ':'");
            default:
                rejectCompoundAssignment(next);
                throw new InvalidConditionException(pos, "unexpected character " + printable(c));
        }
    }

    private void rejectCompoundAssignment(char next) {
        if (next == '=') {
            throw new InvalidConditionException(pos, "assignment ('" + source.charAt(pos) + "=') is not allowed");
        }
    }

    private void rejectIncrement(char next, char op) {
        if (next == op) {
            throw new InvalidConditionException(pos, "increment and decrement ('" + op + op + "') are not allowed");
        }
    }

    private void add(TokenType type, int length) {
        tokens.add(new Token(type, source.substring(pos, pos + length), pos, null));
        pos += length;
    }

    private static String printable(char c) {
        return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    // ASCII only: keys with other characters are reachable with payload["..."], and a narrow
    // identifier alphabet keeps look-alike characters out of paths.
    private static boolean isWordStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isWordPart(char c) {
        return isWordStart(c) || isDigit(c);
    }
}
