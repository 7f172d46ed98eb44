package dev.timeos.rule.condition;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Evaluates an {@link Expr} against a {@link ConditionContext}.
 *
 * <p>Values during evaluation are {@code null}, {@link Boolean}, {@link BigDecimal}, {@link String},
 * {@link JsonArray} or {@link JsonObject}. The evaluator never throws for data reasons: a missing
 * path is null, a type mismatch is false, division by zero is null. A rule whose payload does not
 * look as expected simply does not match; it does not break event intake.
 *
 * <p>Cost is bounded by construction: the tree is visited once (no loops, no recursion other than
 * over the tree, whose depth the parser limits), and arithmetic is rounded to {@link
 * MathContext#DECIMAL128} so that repeated multiplication cannot grow numbers without bound.
 */
final class Evaluator {

    /** 34 significant digits: far beyond what a business rule compares, and a hard bound on work per operation. */
    private static final MathContext ARITHMETIC = MathContext.DECIMAL128;

    private final ConditionContext context;

    private Evaluator(ConditionContext context) {
        this.context = context;
    }

    /** True only when the expression evaluates to boolean {@code true}; null and non-booleans are false. */
    static boolean test(Expr expr, ConditionContext context) {
        return isTrue(new Evaluator(context).evaluate(expr));
    }

    private Object evaluate(Expr expr) {
        if (expr instanceof Expr.Literal literal) {
            return literal.value();
        }
        if (expr instanceof Expr.PayloadPath path) {
            return resolve(path);
        }
        if (expr instanceof Expr.EventField field) {
            return eventField(field);
        }
        if (expr instanceof Expr.Not not) {
            return !isTrue(evaluate(not.operand()));
        }
        if (expr instanceof Expr.And and) {
            for (Expr operand : and.operands()) {
                if (!isTrue(evaluate(operand))) {
                    return false;
                }
            }
            return true;
        }
        if (expr instanceof Expr.Or or) {
            for (Expr operand : or.operands()) {
                if (isTrue(evaluate(operand))) {
                    return true;
                }
            }
            return false;
        }
        if (expr instanceof Expr.Compare compare) {
            return compare(evaluate(compare.left()), compare.op(), evaluate(compare.right()));
        }
        if (expr instanceof Expr.In in) {
            Object value = evaluate(in.value());
            for (Expr option : in.options()) {
                if (Values.equal(value, evaluate(option))) {
                    return true;
                }
            }
            return false;
        }
        if (expr instanceof Expr.Contains contains) {
            return contains(evaluate(contains.container()), evaluate(contains.element()));
        }
        if (expr instanceof Expr.Negate negate) {
            Object value = evaluate(negate.operand());
            return value instanceof BigDecimal number ? number.negate() : null;
        }
        if (expr instanceof Expr.Arithmetic arithmetic) {
            return arithmetic(evaluate(arithmetic.left()), arithmetic.op(), evaluate(arithmetic.right()));
        }
        // Unreachable while Expr is sealed and every permitted record is handled above.
        throw new IllegalStateException("unknown expression node " + expr);
    }

    private Object resolve(Expr.PayloadPath path) {
        JsonValue current = context.payload();
        for (Expr.Segment segment : path.segments()) {
            if (segment instanceof Expr.Key key) {
                if (!(current instanceof JsonObject object)) {
                    return null;
                }
                current = object.get(key.name());
            } else {
                int index = ((Expr.Index) segment).index();
                if (!(current instanceof JsonArray array) || index >= array.size()) {
                    return null;
                }
                current = array.get(index);
            }
            if (current == null) {
                return null;
            }
        }
        return Values.of(current);
    }

    private Object eventField(Expr.EventField field) {
        switch (field.field()) {
            case TYPE:
                return context.eventType();
            case OCCURRED_AT:
                // ISO-8601 UTC, the wire format of instants everywhere in TimeOS.
                return context.occurredAt() == null ? null : context.occurredAt().toString();
            case ID:
                return context.eventId();
            default:
                throw new IllegalStateException("unknown event field " + field);
        }
    }

    private static boolean compare(Object left, Expr.Compare.Comparison op, Object right) {
        switch (op) {
            case EQ:
                return Values.equal(left, right);
            case NE:
                return !Values.equal(left, right);
            default:
                Integer order = Values.order(left, right);
                if (order == null) {
                    return false;
                }
                switch (op) {
                    case LT: return order < 0;
                    case LE: return order <= 0;
                    case GT: return order > 0;
                    case GE: return order >= 0;
                    default: throw new IllegalStateException("unknown comparison " + op);
                }
        }
    }

    private static boolean contains(Object container, Object element) {
        if (container instanceof String text) {
            return element instanceof String part && Values.containsSubstring(text, part);
        }
        if (container instanceof JsonArray array) {
            for (JsonValue item : array) {
                if (Values.equal(Values.of(item), element)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Object arithmetic(Object left, Expr.Arithmetic.Operator op, Object right) {
        if (!(left instanceof BigDecimal a) || !(right instanceof BigDecimal b)) {
            return null;
        }
        try {
            switch (op) {
                case ADD: return a.add(b, ARITHMETIC);
                case SUBTRACT: return a.subtract(b, ARITHMETIC);
                case MULTIPLY: return a.multiply(b, ARITHMETIC);
                case DIVIDE: return b.signum() == 0 ? null : a.divide(b, ARITHMETIC);
                default: throw new IllegalStateException("unknown operator " + op);
            }
        } catch (ArithmeticException overflow) {
            // Exponent overflow on absurd payload numbers (1E+999999999): no value, so no match.
            return null;
        }
    }

    private static boolean isTrue(Object value) {
        return Boolean.TRUE.equals(value);
    }
}
