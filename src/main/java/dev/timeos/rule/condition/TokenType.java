package dev.timeos.rule.condition;

/** The kinds of token the {@link Tokenizer} produces; the names of word operators are kinds too. */
enum TokenType {
    NUMBER,
    STRING,
    /** An identifier or keyword; the parser decides which by its text, because after a dot any word is a key. */
    WORD,
    DOT,
    COMMA,
    LPAREN,
    RPAREN,
    LBRACKET,
    RBRACKET,
    EQ,
    NE,
    LT,
    LE,
    GT,
    GE,
    AND,
    OR,
    BANG,
    PLUS,
    MINUS,
    STAR,
    SLASH,
    EOF
}
