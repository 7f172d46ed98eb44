/**
 * The {@code when} condition language of rules: a small, side-effect-free expression language
 * evaluated against an event's JSON payload.
 *
 * <h2>Use</h2>
 * <pre>{@code
 * Condition when = Condition.parse("payload.amount > 1000");   // at rule creation; may throw
 * boolean matches = when.test(event.payload());                 // per event; never throws for data
 * boolean matches = when.test(new ConditionContext(payload, "payment_received", occurredAt, eventId));
 * }</pre>
 * A bad condition throws {@link dev.timeos.rule.condition.InvalidConditionException} (an
 * {@code IllegalArgumentException}) with a message {@code "at <position>: <problem>"}, position
 * counted in characters from 0. The REST layer answers 400 naming the field {@code when}.
 *
 * <h2>Why not Jakarta EL or SpEL</h2>
 * Both can call methods, construct objects and reach static members; sandboxing them means
 * closing every such door and trusting that none was missed. This grammar has no syntax for calls,
 * types, {@code new}, assignment, variables or templates, and its tree ({@link
 * dev.timeos.rule.condition.Expr}) has no node for them: the sandbox holds by construction.
 *
 * <h2>Examples</h2>
 * <pre>
 * payload.amount &gt; 1000
 * payload.amount &gt;= 1000 &amp;&amp; payload.currency == 'USD'
 * payload.customer.tier in ['gold', 'platinum'] or payload.vip
 * payload.country not in ['US', 'CA']
 * payload.items[0].sku == "A-1"
 * payload["key with space"] != null
 * payload.tags contains 'promo'
 * payload.customer.name contains 'Ada'
 * payload.price * payload.qty &gt; 100
 * not payload.blocked
 * event.type == 'payment_received' &amp;&amp; event.occurredAt &gt;= '2026-11-01T00:00:00Z'
 * </pre>
 *
 * <h2>Values</h2>
 * <ul>
 *   <li>Numbers: {@code 1000}, {@code 12.5}, {@code -3} (no exponents, hex or suffixes). All numbers,
 *       literal or from JSON, are {@code BigDecimal} and compare by value: {@code 1000 == 1000.0}.</li>
 *   <li>Strings: {@code 'single'} or {@code "double"} quotes; escapes {@code \\ \' \" \/ \n \t \r
 *       \b \f \}{@code uXXXX}. No interpolation: {@code '${x}'} is those four characters.</li>
 *   <li>{@code true}, {@code false}, {@code null} (lowercase).</li>
 *   <li>Paths: the root is {@code payload} (the event payload) or {@code event}. After
 *       {@code payload}: {@code .name} (ASCII letters, digits, underscore; keywords are fine here:
 *       {@code payload.in}), {@code ["any key"]}, {@code [0]} (array index). After {@code event}:
 *       only {@code .type}, {@code .id} (the stored event's id) and {@code .occurredAt} (the ISO-8601 UTC string, as
 *       {@code Instant.toString()}; string comparison orders it correctly when both sides have the
 *       same precision). A path that does not exist (missing key, index out of range, key on a
 *       non-object) is {@code null}, never an error.</li>
 *   <li>List literals {@code [a, b, ...]} appear only after {@code in}.</li>
 * </ul>
 *
 * <h2>Operators, loosest first</h2>
 * <table>
 *   <caption>Precedence</caption>
 *   <tr><td>{@code ||}, {@code or}</td><td>either is true</td></tr>
 *   <tr><td>{@code &&}, {@code and}</td><td>both are true</td></tr>
 *   <tr><td>{@code !}, {@code not}</td><td>negation; binds looser than comparisons, so
 *       {@code not payload.a == 1} is {@code not (payload.a == 1)}</td></tr>
 *   <tr><td>{@code == != < <= > >=}, {@code in [..]}, {@code not in [..]}, {@code contains}</td>
 *       <td>comparisons; they do not chain ({@code a < b < c} is an error)</td></tr>
 *   <tr><td>{@code + -}</td><td>addition, subtraction</td></tr>
 *   <tr><td>{@code * /}</td><td>multiplication, division</td></tr>
 *   <tr><td>unary {@code -}</td><td>negation of a number</td></tr>
 *   <tr><td>{@code ( )}</td><td>grouping</td></tr>
 * </table>
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>{@code ==} / {@code !=}: numbers by value; strings and booleans exactly; arrays and objects
 *       structurally; {@code null == null}. Values of different types are never equal, so
 *       {@code "1000" == 1000} is false (no coercion).</li>
 *   <li>{@code < <= > >=}: numbers with numbers, strings with strings (lexicographic, by UTF-16
 *       code unit: {@code 'Z' < 'a'}). Any other pair, including anything with null, is false.</li>
 *   <li>{@code x in [a, b]}: {@code x} equals one of the elements, by {@code ==}.</li>
 *   <li>{@code s contains t}: substring, when both are strings; {@code array contains v}: some
 *       element equals {@code v}. Anything else is false.</li>
 *   <li>{@code + - * /}: numbers only, rounded to 34 significant digits (DECIMAL128). A non-number
 *       operand, division by zero or exponent overflow gives {@code null}, which then fails every
 *       comparison but {@code == null}.</li>
 *   <li>Truthiness: only boolean {@code true} is true; {@code null} and non-booleans are false in
 *       {@code &&}, {@code ||}, {@code !} and as the result. {@code &&} and {@code ||}
 *       short-circuit. Where the parser can see that the whole condition or an operand of a logical
 *       operator cannot be a boolean ({@code payload.a + 1}, {@code 'yes'}), it rejects it.</li>
 * </ul>
 *
 * <h2>Refused at parse time</h2>
 * Method and function calls ({@code payload.name.length()}, {@code x()}, {@code T(java.lang.Runtime)}),
 * class and static access ({@code ''.class}, {@code payload.class} &mdash; write
 * {@code payload["class"]} for a key named class &mdash; {@code java.lang.System.exit(0)}),
 * any name other than {@code payload} / {@code event} at the root, computed keys
 * ({@code payload[payload.k]}), assignment ({@code =}, {@code +=}, ...), {@code ++ --},
 * lambdas ({@code ->}), method references ({@code ::}), semicolons, {@code new},
 * {@code instanceof}, ternaries, EL markers ({@code #{...}}, {@code ${...}}) and regular expressions
 * ({@code matches}: a regex can be made to run for a very long time).
 *
 * <h2>Limits</h2>
 * At most {@value dev.timeos.rule.condition.Condition#MAX_LENGTH} characters, nesting (parentheses,
 * lists, unary operators) at most {@value dev.timeos.rule.condition.Condition#MAX_DEPTH} deep, string
 * literals at most {@value dev.timeos.rule.condition.Condition#MAX_STRING_LENGTH} characters. The
 * language has no loops and no recursion, so evaluation visits each node of the tree once, and each
 * node costs at most time linear in the payload values it touches ({@code contains} uses a linear
 * substring search; structural equality stops at the first difference). The cost of one test is
 * therefore bounded by the size of the condition times the size of the payload, whatever the payload
 * holds.
 */
package dev.timeos.rule.condition;
