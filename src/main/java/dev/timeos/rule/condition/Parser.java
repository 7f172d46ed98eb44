package dev.timeos.rule.condition;

import dev.timeos.rule.condition.Expr.Compare.Comparison;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Recursive-descent parser from {@link Token}s to an {@link Expr} tree.
 *
 * <p>Precedence, lowest first (see {@code package-info.java} for the user-facing description):
 * <pre>
 * or          := and (('||' | 'or') and)*
 * and         := not (('&amp;&amp;' | 'and') not)*
 * not         := ('!' | 'not') not | comparison
 * comparison  := additive [ ('==' | '!=' | '&lt;' | '&lt;=' | '&gt;' | '&gt;=') additive
 *                         | ['not'] 'in' list | 'contains' additive ]
 * additive    := multiplicative (('+' | '-') multiplicative)*
 * multiplicative := unary (('*' | '/') unary)*
 * unary       := '-' unary | primary
 * primary     := number | string | 'true' | 'false' | 'null' | path | '(' or ')'
 * path        := 'payload' ('.' name | '[' (string | integer) ']')* | 'event' '.' ('type' | 'occurredAt' | 'id')
 * list        := '[' [additive (',' additive)*] ']'
 * </pre>
 *
 * <p>{@code !} and {@code not} bind looser than comparisons ({@code !a == b} is {@code !(a == b)}), so
 * that {@code not payload.country in ['US']} means what it reads as. Comparisons do not chain.
 *
 * <p>Much of this class is about refusing input well: whenever the next token starts something the
 * sandbox forbids (a call, class or static access, {@code new}), the error names it, rather than
 * reporting a generic "unexpected token".
 */
final class Parser {

    /** What is known about an expression's value before evaluation, for early type errors. */
    private enum Kind {
        BOOLEAN("a boolean"), NUMBER("a number"), STRING("a string"), NULL("null"), UNKNOWN("a value");

        final String description;

        Kind(String description) {
            this.description = description;
        }
    }

    private final Tokenizer tokens;
    private int index;
    private int depth;

    private Parser(Tokenizer tokens) {
        this.tokens = tokens;
    }

    /** Parses a whole condition; the result is guaranteed to be boolean-valued (or a path). */
    static Expr parse(String source) {
        Tokenizer tokens = new Tokenizer(source);
        if (tokens.get(0).is(TokenType.EOF)) {
            throw new InvalidConditionException(0,
                    "condition is empty; expected an expression such as payload.amount > 1000");
        }
        Parser parser = new Parser(tokens);
        Expr expr = parser.parseOr();
        Token rest = parser.peek();
        if (!rest.is(TokenType.EOF)) {
            throw parser.unexpectedAfterExpression(rest);
        }
        requireBoolean(expr, tokens.get(0).position(), "the condition");
        return expr;
    }

    private Expr parseOr() {
        int position = peek().position();
        Expr first = parseAnd();
        if (!atOr()) {
            return first;
        }
        requireBoolean(first, position, "the left side of '||'");
        List<Expr> operands = new ArrayList<>();
        operands.add(first);
        while (atOr()) {
            advance();
            position = peek().position();
            Expr next = parseAnd();
            requireBoolean(next, position, "the right side of '||'");
            operands.add(next);
        }
        return new Expr.Or(operands);
    }

    private Expr parseAnd() {
        int position = peek().position();
        Expr first = parseNot();
        if (!atAnd()) {
            return first;
        }
        requireBoolean(first, position, "the left side of '&&'");
        List<Expr> operands = new ArrayList<>();
        operands.add(first);
        while (atAnd()) {
            advance();
            position = peek().position();
            Expr next = parseNot();
            requireBoolean(next, position, "the right side of '&&'");
            operands.add(next);
        }
        return new Expr.And(operands);
    }

    private Expr parseNot() {
        Token token = peek();
        if (token.is(TokenType.BANG) || token.isWord("not")) {
            advance();
            enter(token);
            int position = peek().position();
            Expr operand = parseNot();
            requireBoolean(operand, position, "the operand of " + token.describe());
            leave();
            return new Expr.Not(operand);
        }
        return parseComparison();
    }

    private Expr parseComparison() {
        Expr left = parseAdditive();
        Token token = peek();
        Expr result;
        Comparison comparison = comparison(token);
        if (comparison != null) {
            advance();
            result = new Expr.Compare(left, comparison, parseAdditive());
        } else if (token.isWord("in")) {
            advance();
            result = new Expr.In(left, parseList());
        } else if (token.isWord("not") && peekAhead(1).isWord("in")) {
            advance();
            advance();
            result = new Expr.Not(new Expr.In(left, parseList()));
        } else if (token.isWord("contains")) {
            advance();
            result = new Expr.Contains(left, parseAdditive());
        } else {
            return left;
        }
        Token after = peek();
        if (atComparison(after)) {
            throw new InvalidConditionException(after.position(), "comparisons cannot be chained; combine them"
                    + " with && or ||, e.g. payload.a > 1 && payload.a < 10");
        }
        return result;
    }

    private List<Expr> parseList() {
        Token open = peek();
        if (!open.is(TokenType.LBRACKET)) {
            throw new InvalidConditionException(open.position(), "expected a list such as ['US', 'CA'] after 'in'"
                    + " but found " + open.describe());
        }
        advance();
        enter(open);
        List<Expr> items = new ArrayList<>();
        if (!peek().is(TokenType.RBRACKET)) {
            items.add(parseAdditive());
            while (peek().is(TokenType.COMMA)) {
                advance();
                items.add(parseAdditive());
            }
        }
        expect(TokenType.RBRACKET, "',' or ']' in the list");
        leave();
        return items;
    }

    private Expr parseAdditive() {
        int position = peek().position();
        Expr left = parseMultiplicative();
        while (peek().is(TokenType.PLUS) || peek().is(TokenType.MINUS)) {
            Token op = advance();
            requireNumber(left, position, op);
            int rightPosition = peek().position();
            Expr right = parseMultiplicative();
            requireNumber(right, rightPosition, op);
            left = new Expr.Arithmetic(left, op.is(TokenType.PLUS)
                    ? Expr.Arithmetic.Operator.ADD : Expr.Arithmetic.Operator.SUBTRACT, right);
        }
        return left;
    }

    private Expr parseMultiplicative() {
        int position = peek().position();
        Expr left = parseUnary();
        while (peek().is(TokenType.STAR) || peek().is(TokenType.SLASH)) {
            Token op = advance();
            requireNumber(left, position, op);
            int rightPosition = peek().position();
            Expr right = parseUnary();
            requireNumber(right, rightPosition, op);
            left = new Expr.Arithmetic(left, op.is(TokenType.STAR)
                    ? Expr.Arithmetic.Operator.MULTIPLY : Expr.Arithmetic.Operator.DIVIDE, right);
        }
        return left;
    }

    private Expr parseUnary() {
        Token token = peek();
        if (token.is(TokenType.MINUS)) {
            advance();
            enter(token);
            int position = peek().position();
            Expr operand = parseUnary();
            requireNumber(operand, position, token);
            leave();
            // Fold "-5" into a literal so that negative constants read as constants in the tree.
            if (operand instanceof Expr.Literal literal && literal.value() instanceof BigDecimal number) {
                return new Expr.Literal(number.negate());
            }
            return new Expr.Negate(operand);
        }
        return parsePrimary();
    }

    private Expr parsePrimary() {
        Token token = advance();
        Expr result;
        switch (token.type()) {
            case NUMBER:
            case STRING:
                result = new Expr.Literal(token.value());
                break;
            case LPAREN:
                enter(token);
                result = parseOr();
                expect(TokenType.RPAREN, "')'");
                leave();
                break;
            case LBRACKET:
                throw new InvalidConditionException(token.position(),
                        "list literals are only allowed after 'in', e.g. payload.country in ['US', 'CA']");
            case WORD:
                switch (token.text()) {
                    case "true":
                        result = new Expr.Literal(Boolean.TRUE);
                        break;
                    case "false":
                        result = new Expr.Literal(Boolean.FALSE);
                        break;
                    case "null":
                        result = new Expr.Literal(null);
                        break;
                    case "payload":
                        // A path handles its own '.', '[' and '(' followers.
                        return parsePayloadPath();
                    case "event":
                        return parseEventField(token);
                    default:
                        throw unknownWord(token);
                }
                break;
            default:
                throw new InvalidConditionException(token.position(), "expected a value (a number, a string, true,"
                        + " false, null, a payload or event path, or '(') but found " + token.describe());
        }
        rejectAccessOnNonPath(token);
        return result;
    }

    private Expr parsePayloadPath() {
        List<Expr.Segment> segments = new ArrayList<>();
        while (true) {
            Token token = peek();
            if (token.is(TokenType.DOT)) {
                advance();
                Token name = advance();
                if (!name.is(TokenType.WORD)) {
                    throw new InvalidConditionException(name.position(), "expected a key name after '.' but found "
                            + name.describe() + "; write [\"key\"] or [0] for other keys and array elements");
                }
                rejectClassOrCall(name);
                segments.add(new Expr.Key(name.text()));
            } else if (token.is(TokenType.LBRACKET)) {
                advance();
                segments.add(bracketSegment());
                expect(TokenType.RBRACKET, "']'");
            } else if (token.is(TokenType.LPAREN)) {
                throw new InvalidConditionException(token.position(), "method calls are not allowed");
            } else {
                return new Expr.PayloadPath(segments);
            }
        }
    }

    private Expr.Segment bracketSegment() {
        Token key = advance();
        if (key.is(TokenType.STRING)) {
            return new Expr.Key((String) key.value());
        }
        if (key.is(TokenType.NUMBER)) {
            BigDecimal number = (BigDecimal) key.value();
            if (number.scale() > 0) {
                throw new InvalidConditionException(key.position(), "an array index must be a whole number but found "
                        + key.describe());
            }
            if (number.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
                throw new InvalidConditionException(key.position(), "array index " + key.describe() + " is too large");
            }
            return new Expr.Index(number.intValueExact());
        }
        if (key.is(TokenType.MINUS)) {
            throw new InvalidConditionException(key.position(), "an array index must not be negative");
        }
        // Computed keys ("payload[payload.k]") are refused: a path is fixed when the rule is created.
        throw new InvalidConditionException(key.position(), "expected a quoted key or an array index inside [...]"
                + " but found " + key.describe());
    }

    private Expr parseEventField(Token root) {
        Token dot = peek();
        if (!dot.is(TokenType.DOT)) {
            throw new InvalidConditionException(dot.position(), "expected '.type', '.occurredAt' or '.id' after 'event' but"
                    + " found " + dot.describe());
        }
        advance();
        Token name = advance();
        if (name.is(TokenType.WORD)) {
            rejectClassOrCall(name);
        }
        Expr.EventField.Field field = null;
        for (Expr.EventField.Field candidate : Expr.EventField.Field.values()) {
            if (name.isWord(candidate.sourceName)) {
                field = candidate;
            }
        }
        if (field == null) {
            throw new InvalidConditionException(name.position(), "unknown event field " + name.describe()
                    + "; expected 'type', 'occurredAt' or 'id'");
        }
        Token next = peek();
        if (next.is(TokenType.DOT) || next.is(TokenType.LBRACKET)) {
            throw new InvalidConditionException(next.position(), "event." + field.sourceName
                    + " is a string and has no fields");
        }
        return new Expr.EventField(field);
    }

    /** After a path key: {@code .class} and {@code name(} are the two ways Java/EL code reaches out. */
    private void rejectClassOrCall(Token name) {
        if (peek().is(TokenType.LPAREN)) {
            throw new InvalidConditionException(name.position(), "method calls are not allowed: '"
                    + name.text() + "(...)'");
        }
        if (name.isWord("class")) {
            throw new InvalidConditionException(name.position(), "class access ('.class') is not allowed;"
                    + " to read a payload key named class write [\"class\"]");
        }
    }

    /** Literals and parenthesized expressions have no members: {@code ''.class}, {@code (x).y}, {@code 'a'(1)}. */
    private void rejectAccessOnNonPath(Token start) {
        String what = start.is(TokenType.LPAREN) ? "a parenthesized expression" : start.describe();
        Token next = peek();
        if (next.is(TokenType.LPAREN)) {
            throw new InvalidConditionException(next.position(), "function and method calls are not allowed");
        }
        if (next.is(TokenType.DOT)) {
            if (peekAhead(1).isWord("class")) {
                throw new InvalidConditionException(next.position(), "class access ('.class') is not allowed");
            }
            throw new InvalidConditionException(next.position(), "member access ('.') is only allowed on payload"
                    + " and event paths, not on " + what);
        }
        if (next.is(TokenType.LBRACKET)) {
            throw new InvalidConditionException(next.position(), "indexing ('[...]') is only allowed on payload"
                    + " paths, not on " + what);
        }
    }

    private InvalidConditionException unknownWord(Token word) {
        Token next = peek();
        if (word.isWord("new")) {
            return new InvalidConditionException(word.position(), "object creation ('new') is not allowed");
        }
        if (next.is(TokenType.LPAREN)) {
            return new InvalidConditionException(word.position(), "function and method calls are not allowed: '"
                    + word.text() + "(...)'");
        }
        if (next.is(TokenType.DOT)) {
            return new InvalidConditionException(word.position(), "class and static access are not allowed: '"
                    + word.text() + "' is not a path root; paths start with 'payload' or 'event'");
        }
        if (isOperatorWord(word)) {
            return new InvalidConditionException(word.position(), "expected a value (a number, a string, true,"
                    + " false, null, a payload or event path, or '(') but found " + word.describe());
        }
        return new InvalidConditionException(word.position(), "unknown name " + word.describe()
                + "; paths start with 'payload' or 'event', and strings need quotes");
    }

    private InvalidConditionException unexpectedAfterExpression(Token token) {
        if (token.isWord("matches")) {
            return new InvalidConditionException(token.position(), "'matches' is not supported: regular expressions"
                    + " are not allowed in conditions; use ==, in or contains");
        }
        if (token.isWord("instanceof")) {
            return new InvalidConditionException(token.position(), "type tests ('instanceof') are not allowed");
        }
        if (token.is(TokenType.RPAREN)) {
            return new InvalidConditionException(token.position(), "unbalanced ')': no matching '('");
        }
        return new InvalidConditionException(token.position(), "expected an operator or the end of the condition"
                + " but found " + token.describe());
    }

    private static void requireBoolean(Expr expr, int position, String what) {
        Kind kind = kindOf(expr);
        if (kind != Kind.BOOLEAN && kind != Kind.UNKNOWN) {
            throw new InvalidConditionException(position, what + " must be a boolean (a comparison, 'in',"
                    + " 'contains', true, false or a payload path) but is " + kind.description);
        }
    }

    private static void requireNumber(Expr expr, int position, Token op) {
        Kind kind = kindOf(expr);
        if (kind != Kind.NUMBER && kind != Kind.UNKNOWN) {
            throw new InvalidConditionException(position, "arithmetic " + op.describe() + " needs numbers but found "
                    + kind.description);
        }
    }

    private static Kind kindOf(Expr expr) {
        if (expr instanceof Expr.Literal literal) {
            Object value = literal.value();
            if (value == null) {
                return Kind.NULL;
            }
            if (value instanceof Boolean) {
                return Kind.BOOLEAN;
            }
            return value instanceof BigDecimal ? Kind.NUMBER : Kind.STRING;
        }
        if (expr instanceof Expr.PayloadPath) {
            return Kind.UNKNOWN;
        }
        if (expr instanceof Expr.EventField) {
            return Kind.STRING;
        }
        if (expr instanceof Expr.Negate || expr instanceof Expr.Arithmetic) {
            return Kind.NUMBER;
        }
        return Kind.BOOLEAN;
    }

    private static Comparison comparison(Token token) {
        switch (token.type()) {
            case EQ: return Comparison.EQ;
            case NE: return Comparison.NE;
            case LT: return Comparison.LT;
            case LE: return Comparison.LE;
            case GT: return Comparison.GT;
            case GE: return Comparison.GE;
            default: return null;
        }
    }

    private boolean atComparison(Token token) {
        return comparison(token) != null || token.isWord("in") || token.isWord("contains")
                || (token.isWord("not") && peekAhead(1).isWord("in"));
    }

    private static boolean isOperatorWord(Token token) {
        return token.isWord("and") || token.isWord("or") || token.isWord("not") || token.isWord("in")
                || token.isWord("contains");
    }

    private boolean atOr() {
        return peek().is(TokenType.OR) || peek().isWord("or");
    }

    private boolean atAnd() {
        return peek().is(TokenType.AND) || peek().isWord("and");
    }

    /** Counts one level of nesting; the limit keeps both this parser's and the evaluator's recursion shallow. */
    private void enter(Token token) {
        depth++;
        if (depth > Condition.MAX_DEPTH) {
            throw new InvalidConditionException(token.position(), "condition is nested too deeply (at most "
                    + Condition.MAX_DEPTH + " levels of parentheses, lists and unary operators)");
        }
    }

    private void leave() {
        depth--;
    }

    private Token expect(TokenType type, String expected) {
        Token token = peek();
        if (!token.is(type)) {
            throw new InvalidConditionException(token.position(), "expected " + expected + " but found "
                    + token.describe());
        }
        return advance();
    }

    private Token peek() {
        return tokens.get(index);
    }

    private Token peekAhead(int offset) {
        return tokens.get(index + offset);
    }

    private Token advance() {
        Token token = tokens.get(index);
        if (!token.is(TokenType.EOF)) {
            index++;
        }
        return token;
    }
}
