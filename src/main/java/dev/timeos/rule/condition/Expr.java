package dev.timeos.rule.condition;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * The syntax tree of a condition.
 *
 * <p>The set of node kinds is closed (sealed) and small on purpose: there is no node for a call, a
 * type, an assignment or a variable, so no parsed condition can express one. Every node is an
 * immutable record, which is what makes a parsed {@link Condition} safe to share between threads.
 */
sealed interface Expr {

    /** A constant: {@code null}, a {@link Boolean}, a {@link BigDecimal} or a {@link String}. */
    record Literal(Object value) implements Expr {
        public Literal {
            if (value != null && !(value instanceof Boolean || value instanceof BigDecimal || value instanceof String)) {
                throw new IllegalArgumentException("not a literal value: " + value.getClass());
            }
        }
    }

    /** {@code payload} followed by keys and indexes; a step that does not exist makes the whole path null. */
    record PayloadPath(List<Segment> segments) implements Expr {
        public PayloadPath {
            segments = List.copyOf(segments);
        }
    }

    /** One step of a {@link PayloadPath}. */
    sealed interface Segment {
    }

    /** {@code .name} or {@code ["name"]}: a member of a JSON object. */
    record Key(String name) implements Segment {
        public Key {
            Objects.requireNonNull(name);
        }
    }

    /** {@code [n]}: an element of a JSON array. */
    record Index(int index) implements Segment {
    }

    /** {@code event.type}, {@code event.occurredAt} or {@code event.id}, taken from the {@link ConditionContext}. */
    record EventField(Field field) implements Expr {
        enum Field {
            TYPE("type"), OCCURRED_AT("occurredAt"), ID("id");

            final String sourceName;

            Field(String sourceName) {
                this.sourceName = sourceName;
            }
        }
    }

    /** {@code !operand} / {@code not operand}. */
    record Not(Expr operand) implements Expr {
    }

    /** Unary minus. */
    record Negate(Expr operand) implements Expr {
    }

    /** {@code a && b && ...}, kept n-ary so that long chains do not make a deep tree. */
    record And(List<Expr> operands) implements Expr {
        public And {
            operands = List.copyOf(operands);
        }
    }

    /** {@code a || b || ...}, n-ary like {@link And}. */
    record Or(List<Expr> operands) implements Expr {
        public Or {
            operands = List.copyOf(operands);
        }
    }

    /** {@code ==, !=, <, <=, >, >=}. */
    record Compare(Expr left, Comparison op, Expr right) implements Expr {
        enum Comparison {
            EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

            final String symbol;

            Comparison(String symbol) {
                this.symbol = symbol;
            }
        }
    }

    /** {@code value in [option, ...]}; the options are a list literal, never a computed collection. */
    record In(Expr value, List<Expr> options) implements Expr {
        public In {
            options = List.copyOf(options);
        }
    }

    /** {@code container contains element}: substring of a string, or element of an array. */
    record Contains(Expr container, Expr element) implements Expr {
    }

    /** {@code + - * /} on numbers. */
    record Arithmetic(Expr left, Operator op, Expr right) implements Expr {
        enum Operator {
            ADD("+"), SUBTRACT("-"), MULTIPLY("*"), DIVIDE("/");

            final String symbol;

            Operator(String symbol) {
                this.symbol = symbol;
            }
        }
    }
}
