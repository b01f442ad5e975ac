//! The part of STIX patterning that names single values: equality
//! comparisons, alone or joined by `OR` inside or between observations, as
//! in `[ipv4-addr:value = '203.0.113.7' OR ipv4-addr:value = '203.0.113.8']`.
//! Anything narrower (`AND`, `FOLLOWEDBY`, `LIKE`, qualifiers such as
//! `WITHIN`) describes behaviour rather than a list of values; such a
//! pattern is reported as unsupported rather than half-read.

/// One `object-type:property = 'value'` comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Comparison {
    /// The object path as written, without spaces: `file:hashes.'SHA-256'`.
    pub path: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PatternProblem {
    /// Valid STIX, but not a list of values.
    Unsupported(String),
    /// Not a STIX pattern at all.
    Malformed(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Open,
    Close,
    ParenOpen,
    ParenClose,
    Equals,
    Operator(String),
    Word(String),
    Str(String),
}

fn tokens(pattern: &str) -> Result<Vec<Token>, PatternProblem> {
    let malformed = |m: &str| PatternProblem::Malformed(m.to_owned());
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            c if c.is_whitespace() => i += 1,
            '[' => {
                out.push(Token::Open);
                i += 1;
            }
            ']' => {
                out.push(Token::Close);
                i += 1;
            }
            '(' => {
                out.push(Token::ParenOpen);
                i += 1;
            }
            ')' => {
                out.push(Token::ParenClose);
                i += 1;
            }
            '=' => {
                out.push(Token::Equals);
                i += 1;
            }
            '!' | '<' | '>' => {
                let mut op = c.to_string();
                if chars.get(i + 1) == Some(&'=') {
                    op.push('=');
                    i += 1;
                }
                out.push(Token::Operator(op));
                i += 1;
            }
            '\'' => {
                let (s, next) = string(&chars, i + 1)
                    .ok_or_else(|| malformed("a quoted value is not closed"))?;
                out.push(Token::Str(s));
                i = next;
            }
            c if c.is_alphanumeric() || c == '_' => {
                let mut word = String::new();
                while i < chars.len() {
                    let c = chars[i];
                    if c.is_alphanumeric() || matches!(c, '_' | '-' | ':' | '.') {
                        word.push(c);
                        i += 1;
                    } else if c == '\'' && word.ends_with('.') {
                        let (s, next) = string(&chars, i + 1)
                            .ok_or_else(|| malformed("a quoted property name is not closed"))?;
                        word.push('\'');
                        word.push_str(&s);
                        word.push('\'');
                        i = next;
                    } else if c == '['
                        && chars.get(i + 1) == Some(&'*')
                        && chars.get(i + 2) == Some(&']')
                    {
                        word.push_str("[*]");
                        i += 3;
                    } else {
                        break;
                    }
                }
                out.push(Token::Word(word));
            }
            other => {
                return Err(PatternProblem::Malformed(format!(
                    "unexpected `{other}` in the pattern"
                )));
            }
        }
    }
    Ok(out)
}

/// A quoted string from just after its opening quote: `\'` and `\\` are
/// the only escapes STIX allows. Returns the string and the index after it.
fn string(chars: &[char], mut i: usize) -> Option<(String, usize)> {
    let mut s = String::new();
    while i < chars.len() {
        match chars[i] {
            '\\' => {
                s.push(*chars.get(i + 1)?);
                i += 2;
            }
            '\'' => return Some((s, i + 1)),
            c => {
                s.push(c);
                i += 1;
            }
        }
    }
    None
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

/// The comparisons of a pattern made only of `=` and `OR`.
pub(crate) fn comparisons(pattern: &str) -> Result<Vec<Comparison>, PatternProblem> {
    let mut p = Parser {
        tokens: tokens(pattern)?,
        at: 0,
    };
    if p.tokens.is_empty() {
        return Err(PatternProblem::Malformed("the pattern is empty".to_owned()));
    }
    let found = p.expression(false)?;
    match p.peek() {
        None => Ok(found),
        Some(t) => Err(p.unexpected(&t.clone())),
    }
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn next(&mut self) -> Option<Token> {
        let t = self.tokens.get(self.at).cloned();
        self.at += 1;
        t
    }

    fn is_keyword(&self, word: &str) -> bool {
        matches!(self.peek(), Some(Token::Word(w)) if w.eq_ignore_ascii_case(word))
    }

    fn unexpected(&self, t: &Token) -> PatternProblem {
        match t {
            Token::Word(w)
                if ["AND", "FOLLOWEDBY"]
                    .iter()
                    .any(|k| w.eq_ignore_ascii_case(k)) =>
            {
                PatternProblem::Unsupported(format!(
                    "the pattern joins comparisons with {}, so its values only mean something together",
                    w.to_ascii_uppercase()
                ))
            }
            Token::Word(w)
                if ["WITHIN", "REPEATS", "START", "STOP"]
                    .iter()
                    .any(|k| w.eq_ignore_ascii_case(k)) =>
            {
                PatternProblem::Unsupported(format!(
                    "the pattern has a {} qualifier",
                    w.to_ascii_uppercase()
                ))
            }
            other => PatternProblem::Malformed(format!("unexpected {other:?} in the pattern")),
        }
    }

    /// Observations (inside: comparisons) joined by OR.
    fn expression(&mut self, inside: bool) -> Result<Vec<Comparison>, PatternProblem> {
        let mut found = self.term(inside)?;
        while self.is_keyword("OR") {
            self.at += 1;
            found.extend(self.term(inside)?);
        }
        Ok(found)
    }

    fn term(&mut self, inside: bool) -> Result<Vec<Comparison>, PatternProblem> {
        match self.next() {
            Some(Token::ParenOpen) => {
                let found = self.expression(inside)?;
                self.expect(Token::ParenClose, "a `(` is not closed")?;
                Ok(found)
            }
            Some(Token::Open) if !inside => {
                let found = self.expression(true)?;
                self.expect(Token::Close, "a `[` is not closed")?;
                Ok(found)
            }
            Some(Token::Word(path)) if inside && path.contains(':') => {
                if self.is_keyword("NOT") {
                    return Err(PatternProblem::Unsupported(
                        "the pattern uses NOT".to_owned(),
                    ));
                }
                match self.next() {
                    Some(Token::Equals) => {}
                    Some(Token::Operator(op)) => {
                        return Err(PatternProblem::Unsupported(format!(
                            "the pattern compares with {op}, not ="
                        )));
                    }
                    Some(Token::Word(op)) => {
                        return Err(PatternProblem::Unsupported(format!(
                            "the pattern compares with {}, not =",
                            op.to_ascii_uppercase()
                        )));
                    }
                    _ => {
                        return Err(PatternProblem::Malformed(format!(
                            "`{path}` is compared with nothing"
                        )));
                    }
                }
                match self.next() {
                    Some(Token::Str(value)) => Ok(vec![Comparison { path, value }]),
                    _ => Err(PatternProblem::Unsupported(format!(
                        "`{path}` is compared with something other than a quoted string"
                    ))),
                }
            }
            Some(t) => Err(self.unexpected(&t)),
            None => Err(PatternProblem::Malformed(
                "the pattern ends too soon".to_owned(),
            )),
        }
    }

    fn expect(&mut self, token: Token, message: &str) -> Result<(), PatternProblem> {
        match self.next() {
            Some(t) if t == token => Ok(()),
            Some(t) => Err(self.unexpected(&t)),
            None => Err(PatternProblem::Malformed(message.to_owned())),
        }
    }
}
