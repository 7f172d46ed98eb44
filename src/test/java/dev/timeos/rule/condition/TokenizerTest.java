package dev.timeos.rule.condition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenizerTest {

    private static List<TokenType> types(String source) {
        return Tokenizer.tokenize(source).stream().map(Token::type).toList();
    }

    @Test
    void splitsAComparisonIntoPathOperatorAndNumber() {
        List<Token> tokens = Tokenizer.tokenize("payload.amount > 1000");

        assertThat(tokens).extracting(Token::type).containsExactly(TokenType.WORD, TokenType.DOT, TokenType.WORD,
                TokenType.GT, TokenType.NUMBER, TokenType.EOF);
        assertThat(tokens).extracting(Token::position).containsExactly(0, 7, 8, 15, 17, 21);
        assertThat(tokens.get(4).value()).isEqualTo(new BigDecimal("1000"));
    }

    @Test
    void recognisesEveryTwoCharacterOperator() {
        assertThat(types("== != <= >= && ||")).containsExactly(TokenType.EQ, TokenType.NE, TokenType.LE,
                TokenType.GE, TokenType.AND, TokenType.OR, TokenType.EOF);
    }

    @Test
    void recognisesSingleCharacterOperatorsAndPunctuation() {
        assertThat(types("< > ! + - * / ( ) [ ] , .")).containsExactly(TokenType.LT, TokenType.GT, TokenType.BANG,
                TokenType.PLUS, TokenType.MINUS, TokenType.STAR, TokenType.SLASH, TokenType.LPAREN, TokenType.RPAREN,
                TokenType.LBRACKET, TokenType.RBRACKET, TokenType.COMMA, TokenType.DOT, TokenType.EOF);
    }

    @Test
    void decimalNumberKeepsItsScale() {
        Token number = Tokenizer.tokenize("1000.50").get(0);

        assertThat(number.value()).isEqualTo(new BigDecimal("1000.50"));
    }

    @Test
    void dotAfterNumberWithoutDigitIsADotToken() {
        assertThat(types("1.x")).containsExactly(TokenType.NUMBER, TokenType.DOT, TokenType.WORD, TokenType.EOF);
    }

    @Test
    void singleAndDoubleQuotedStringsDecodeEscapes() {
        assertThat(Tokenizer.tokenize("'it\\'s \\\\ \"ok\"'").get(0).value()).isEqualTo("it's \\ \"ok\"");
        assertThat(Tokenizer.tokenize("\"tab\\tnew\\nline \\u00e9 \\/\"").get(0).value())
                .isEqualTo("tab\tnew\nline \u00e9 /");
    }

    @Test
    void wordsIncludeKeywordsAndIdentifiers() {
        assertThat(Tokenizer.tokenize("payload and not in contains _x1")).extracting(Token::type)
                .containsOnly(TokenType.WORD, TokenType.EOF);
    }

    @Test
    void whitespaceIncludesNewlinesAndTabs() {
        assertThat(types("\tpayload\r\n.a ")).containsExactly(TokenType.WORD, TokenType.DOT, TokenType.WORD,
                TokenType.EOF);
    }

    @Test
    void unterminatedStringIsReportedAtItsStart() {
        assertThatThrownBy(() -> Tokenizer.tokenize("payload.a == 'abc"))
                .isInstanceOf(InvalidConditionException.class)
                .hasMessage("at 13: unterminated string literal; expected a closing '");
    }

    @Test
    void unknownEscapeIsRejected() {
        assertThatThrownBy(() -> Tokenizer.tokenize("'a\\qb'"))
                .isInstanceOf(InvalidConditionException.class)
                .hasMessageStartingWith("at 2: unknown escape '\\q'");
    }

    @Test
    void badUnicodeEscapeIsRejected() {
        assertThatThrownBy(() -> Tokenizer.tokenize("'\\u12g4'"))
                .isInstanceOf(InvalidConditionException.class)
                .hasMessageContaining("invalid unicode escape");
    }

    @Test
    void numberWithExponentOrSuffixIsRejected() {
        assertThatThrownBy(() -> Tokenizer.tokenize("payload.a > 1e5"))
                .isInstanceOf(InvalidConditionException.class)
                .hasMessageStartingWith("at 12: invalid number '1e5'");
        assertThatThrownBy(() -> Tokenizer.tokenize("10L"))
                .hasMessageStartingWith("at 0: invalid number '10L'");
    }

    @Test
    void singleAmpersandAndPipeSuggestTheLogicalOperators() {
        assertThatThrownBy(() -> Tokenizer.tokenize("true & false")).hasMessage("at 5: unexpected '&'; use '&&' or 'and'");
        assertThatThrownBy(() -> Tokenizer.tokenize("true | false")).hasMessage("at 5: unexpected '|'; use '||' or 'or'");
    }

    @Test
    void nonPrintableCharacterIsNamedByCodePoint() {
        assertThatThrownBy(() -> Tokenizer.tokenize("payload.a\u0000"))
                .hasMessage("at 9: unexpected character U+0000");
    }

    @Test
    void nonAsciiLettersAreNotIdentifiers() {
        assertThatThrownBy(() -> Tokenizer.tokenize("payload.caf\u00e9"))
                .hasMessage("at 11: unexpected character U+00E9");
    }
}
