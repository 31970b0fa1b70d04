//! Ranking formulas: parsed once when a ranking is declared, evaluated on each ranked read.
//!
//! The grammar is the arithmetic Stream documents for ranking `score`s: numbers, field names
//! (dotted for nested fields, `external.NAME` for `ranking_vars`), `+ - * / ^`, parentheses,
//! comparisons, `&&`, `||`, `!`, the ternary `c ? a : b`, and functions (`ln`, `log`, `sin`,
//! `cos`, `tan`, `abs`, `min`, `max`, `trunc`, `round`, `to_unix_timestamp`, `decay_linear`,
//! `decay_exp`, `decay_gauss` and the ranking's own decay functions). Parsing is bounded in length,
//! nesting and size; evaluation never panics (a non-finite result scores 0).

use std::collections::HashMap;

use super::RankingError;

/// Longest formula accepted, in bytes.
pub(crate) const MAX_FORMULA_LEN: usize = 2_000;
/// Deepest nesting of parentheses, calls and operators accepted.
pub(crate) const MAX_DEPTH: usize = 32;
/// Most nodes (numbers, names, operators, calls) in one formula.
pub(crate) const MAX_NODES: usize = 500;

/// The shape of a decay function.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Shape {
    /// `decay_linear`.
    Linear,
    /// `decay_exp`.
    Exp,
    /// `decay_gauss`.
    Gauss,
}

impl Shape {
    /// The shape a built-in name stands for.
    pub(crate) fn of(name: &str) -> Option<Shape> {
        match name {
            "decay_linear" => Some(Shape::Linear),
            "decay_exp" => Some(Shape::Exp),
            "decay_gauss" => Some(Shape::Gauss),
            _ => None,
        }
    }
}

/// A decay function: 1 within `offset` of `origin`, falling to `decay` at `offset + scale`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Decay {
    /// Curve.
    pub(crate) shape: Shape,
    /// Distance past `offset` at which the value is `decay` (seconds for times), > 0.
    pub(crate) scale: f64,
    /// Distance within which the value stays 1, >= 0.
    pub(crate) offset: f64,
    /// Value at `offset + scale`, in (0, 1).
    pub(crate) decay: f64,
    /// Where the distance is measured from; `None` is the time of the read (Unix seconds).
    pub(crate) origin: Option<f64>,
}

/// Seconds in a day.
const DAY: f64 = 86_400.0;

impl Decay {
    /// The built-in `decay_*` functions: scale 1 day, no offset, decay 0.5, from now.
    pub(crate) fn builtin(shape: Shape) -> Self {
        Decay {
            shape,
            scale: DAY,
            offset: 0.0,
            decay: 0.5,
            origin: None,
        }
    }

    fn apply(&self, x: f64, now: f64) -> f64 {
        let origin = self.origin.unwrap_or(now);
        let d = ((x - origin).abs() - self.offset).max(0.0);
        match self.shape {
            Shape::Linear => {
                let s = self.scale / (1.0 - self.decay);
                ((s - d) / s).max(0.0)
            }
            Shape::Exp => (self.decay.ln() / self.scale * d).exp(),
            Shape::Gauss => {
                let two_sigma_sq = -(self.scale * self.scale) / self.decay.ln();
                (-(d * d) / two_sigma_sq).exp()
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    Add,
    Sub,
    Mul,
    Div,
    Pow,
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
    And,
    Or,
}

#[derive(Debug, Clone, PartialEq)]
enum Func {
    Ln,
    Log,
    Sin,
    Cos,
    Tan,
    Abs,
    Min,
    Max,
    Trunc,
    Round,
    ToUnix,
    Decay(Decay),
}

impl Func {
    fn arity(&self) -> usize {
        match self {
            Func::Min | Func::Max => 2,
            _ => 1,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Node {
    Num(f64),
    Var(usize),
    Neg(Box<Node>),
    Not(Box<Node>),
    Bin(Op, Box<Node>, Box<Node>),
    Cond(Box<Node>, Box<Node>, Box<Node>),
    Call(Func, Vec<Node>),
}

/// A parsed formula.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Formula {
    root: Node,
    /// The names the formula reads, in order of first use (`time`, `popularity`, `external.x`).
    pub(crate) vars: Vec<String>,
}

impl Formula {
    /// Parses `text`; `functions` are the ranking's own decay functions by (lowercase) name.
    pub(crate) fn parse(
        text: &str,
        functions: &HashMap<String, Decay>,
    ) -> Result<Self, RankingError> {
        if text.trim().is_empty() {
            return Err(RankingError::new("the formula is empty"));
        }
        if text.len() > MAX_FORMULA_LEN {
            return Err(RankingError::new(format!(
                "the formula is longer than {MAX_FORMULA_LEN} bytes"
            )));
        }
        let tokens = lex(text)?;
        let mut p = Parser {
            tokens,
            pos: 0,
            depth: 0,
            nodes: 0,
            vars: Vec::new(),
            functions,
        };
        let root = p.ternary()?;
        if let Some(t) = p.tokens.get(p.pos) {
            return Err(RankingError::new(format!(
                "unexpected {} in the formula",
                t.describe()
            )));
        }
        Ok(Formula { root, vars: p.vars })
    }

    /// The value for the variables' `values` (in the order of [`Formula::vars`]) at `now`
    /// (Unix seconds); a non-finite result is 0.
    pub(crate) fn eval(&self, values: &[f64], now: f64) -> f64 {
        let v = eval(&self.root, values, now);
        if v.is_finite() { v } else { 0.0 }
    }
}

fn truth(v: f64) -> bool {
    v != 0.0 && !v.is_nan()
}

fn flag(b: bool) -> f64 {
    if b { 1.0 } else { 0.0 }
}

fn eval(node: &Node, values: &[f64], now: f64) -> f64 {
    match node {
        Node::Num(n) => *n,
        Node::Var(i) => values.get(*i).copied().unwrap_or(0.0),
        Node::Neg(a) => -eval(a, values, now),
        Node::Not(a) => flag(!truth(eval(a, values, now))),
        Node::Cond(c, a, b) => {
            if truth(eval(c, values, now)) {
                eval(a, values, now)
            } else {
                eval(b, values, now)
            }
        }
        Node::Bin(op, a, b) => {
            let x = eval(a, values, now);
            let y = eval(b, values, now);
            match op {
                Op::Add => x + y,
                Op::Sub => x - y,
                Op::Mul => x * y,
                Op::Div => x / y,
                Op::Pow => x.powf(y),
                Op::Lt => flag(x < y),
                Op::Le => flag(x <= y),
                Op::Gt => flag(x > y),
                Op::Ge => flag(x >= y),
                Op::Eq => flag(x == y),
                Op::Ne => flag(x != y),
                Op::And => flag(truth(x) && truth(y)),
                Op::Or => flag(truth(x) || truth(y)),
            }
        }
        Node::Call(f, args) => {
            let a = args.first().map_or(0.0, |n| eval(n, values, now));
            let b = args.get(1).map_or(0.0, |n| eval(n, values, now));
            match f {
                Func::Ln => a.ln(),
                Func::Log => a.log10(),
                Func::Sin => a.sin(),
                Func::Cos => a.cos(),
                Func::Tan => a.tan(),
                Func::Abs => a.abs(),
                Func::Min => a.min(b),
                Func::Max => a.max(b),
                Func::Trunc => a.trunc(),
                Func::Round => a.round(),
                Func::ToUnix => a,
                Func::Decay(d) => d.apply(a, now),
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Num(f64),
    Name(String),
    Op(&'static str),
}

impl Token {
    fn describe(&self) -> String {
        match self {
            Token::Num(n) => format!("number {n}"),
            Token::Name(n) => format!("name {n:?}"),
            Token::Op(o) => format!("{o:?}"),
        }
    }
}

const OPERATORS: &[&str] = &[
    "&&", "||", "<=", ">=", "==", "!=", "+", "-", "*", "/", "^", "(", ")", ",", "<", ">", "!", "?",
    ":",
];

fn lex(text: &str) -> Result<Vec<Token>, RankingError> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if c.is_ascii_digit() || (c == b'.' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)) {
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
                i += 1;
            }
            if i < bytes.len() && (bytes[i] == b'e' || bytes[i] == b'E') {
                let mut j = i + 1;
                if j < bytes.len() && (bytes[j] == b'+' || bytes[j] == b'-') {
                    j += 1;
                }
                if j < bytes.len() && bytes[j].is_ascii_digit() {
                    i = j;
                    while i < bytes.len() && bytes[i].is_ascii_digit() {
                        i += 1;
                    }
                }
            }
            let s = &text[start..i];
            let n: f64 = s
                .parse()
                .map_err(|_| RankingError::new(format!("bad number {s:?} in the formula")))?;
            out.push(Token::Num(n));
            continue;
        }
        if c.is_ascii_alphabetic() || c == b'_' {
            let start = i;
            while i < bytes.len()
                && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || bytes[i] == b'.')
            {
                i += 1;
            }
            let name = &text[start..i];
            if name.ends_with('.') || name.contains("..") {
                return Err(RankingError::new(format!(
                    "bad name {name:?} in the formula"
                )));
            }
            out.push(Token::Name(name.to_owned()));
            continue;
        }
        let rest = &text[i..];
        match OPERATORS.iter().find(|op| rest.starts_with(**op)) {
            Some(op) => {
                out.push(Token::Op(op));
                i += op.len();
            }
            None => {
                let ch = rest.chars().next().unwrap_or('?');
                return Err(RankingError::new(format!(
                    "unexpected character {ch:?} in the formula"
                )));
            }
        }
    }
    Ok(out)
}

struct Parser<'a> {
    tokens: Vec<Token>,
    pos: usize,
    depth: usize,
    nodes: usize,
    vars: Vec<String>,
    functions: &'a HashMap<String, Decay>,
}

impl Parser<'_> {
    fn peek_op(&self) -> Option<&'static str> {
        match self.tokens.get(self.pos) {
            Some(Token::Op(o)) => Some(o),
            _ => None,
        }
    }

    fn eat(&mut self, op: &str) -> bool {
        if self.peek_op() == Some(op) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, op: &str) -> Result<(), RankingError> {
        if self.eat(op) {
            return Ok(());
        }
        Err(match self.tokens.get(self.pos) {
            Some(t) => RankingError::new(format!("expected {op:?}, found {}", t.describe())),
            None => RankingError::new(format!("expected {op:?} at the end of the formula")),
        })
    }

    fn node(&mut self, n: Node) -> Result<Node, RankingError> {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return Err(RankingError::new(format!(
                "the formula has more than {MAX_NODES} parts"
            )));
        }
        Ok(n)
    }

    fn enter(&mut self) -> Result<(), RankingError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(RankingError::new(format!(
                "the formula nests deeper than {MAX_DEPTH} levels"
            )));
        }
        Ok(())
    }

    fn ternary(&mut self) -> Result<Node, RankingError> {
        self.enter()?;
        let cond = self.binary(0)?;
        let out = if self.eat("?") {
            let a = self.ternary()?;
            self.expect(":")?;
            let b = self.ternary()?;
            self.node(Node::Cond(Box::new(cond), Box::new(a), Box::new(b)))?
        } else {
            cond
        };
        self.depth -= 1;
        Ok(out)
    }

    /// Binary operators by precedence level (0 = `||` … 4 = `* /`); `^` binds tighter, in
    /// `unary`.
    fn binary(&mut self, level: usize) -> Result<Node, RankingError> {
        const LEVELS: &[&[(&str, Op)]] = &[
            &[("||", Op::Or)],
            &[("&&", Op::And)],
            &[
                ("<=", Op::Le),
                (">=", Op::Ge),
                ("==", Op::Eq),
                ("!=", Op::Ne),
                ("<", Op::Lt),
                (">", Op::Gt),
            ],
            &[("+", Op::Add), ("-", Op::Sub)],
            &[("*", Op::Mul), ("/", Op::Div)],
        ];
        let Some(ops) = LEVELS.get(level) else {
            return self.unary();
        };
        let mut left = self.binary(level + 1)?;
        while let Some(op) = self
            .peek_op()
            .and_then(|o| ops.iter().find(|(s, _)| *s == o).map(|(_, op)| *op))
        {
            self.pos += 1;
            let right = self.binary(level + 1)?;
            left = self.node(Node::Bin(op, Box::new(left), Box::new(right)))?;
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Node, RankingError> {
        self.enter()?;
        let out = if self.eat("-") {
            let a = self.unary()?;
            self.node(Node::Neg(Box::new(a)))?
        } else if self.eat("+") {
            self.unary()?
        } else if self.eat("!") {
            let a = self.unary()?;
            self.node(Node::Not(Box::new(a)))?
        } else {
            let base = self.primary()?;
            if self.eat("^") {
                let exp = self.unary()?;
                self.node(Node::Bin(Op::Pow, Box::new(base), Box::new(exp)))?
            } else {
                base
            }
        };
        self.depth -= 1;
        Ok(out)
    }

    fn primary(&mut self) -> Result<Node, RankingError> {
        match self.tokens.get(self.pos).cloned() {
            Some(Token::Num(n)) => {
                self.pos += 1;
                self.node(Node::Num(n))
            }
            Some(Token::Name(name)) => {
                self.pos += 1;
                if self.eat("(") {
                    self.call(&name)
                } else {
                    let i = match self.vars.iter().position(|v| *v == name) {
                        Some(i) => i,
                        None => {
                            self.vars.push(name);
                            self.vars.len() - 1
                        }
                    };
                    self.node(Node::Var(i))
                }
            }
            Some(Token::Op("(")) => {
                self.pos += 1;
                let inner = self.ternary()?;
                self.expect(")")?;
                Ok(inner)
            }
            Some(t) => Err(RankingError::new(format!(
                "unexpected {} in the formula",
                t.describe()
            ))),
            None => Err(RankingError::new("the formula ends too early")),
        }
    }

    fn call(&mut self, name: &str) -> Result<Node, RankingError> {
        let lower = name.to_ascii_lowercase();
        let func = match lower.as_str() {
            "ln" => Func::Ln,
            "log" => Func::Log,
            "sin" => Func::Sin,
            "cos" => Func::Cos,
            "tan" => Func::Tan,
            "abs" => Func::Abs,
            "min" => Func::Min,
            "max" => Func::Max,
            "trunc" => Func::Trunc,
            "round" => Func::Round,
            "to_unix_timestamp" => Func::ToUnix,
            "rand" | "rand_normal" | "dist" => {
                return Err(RankingError::new(format!(
                    "{lower}() is not supported by the emulator (its scores are deterministic)"
                )));
            }
            other => match (self.functions.get(other), Shape::of(other)) {
                (Some(d), _) => Func::Decay(*d),
                (None, Some(shape)) => Func::Decay(Decay::builtin(shape)),
                (None, None) => {
                    return Err(RankingError::new(format!(
                        "unknown function {name}() in the formula"
                    )));
                }
            },
        };
        self.enter()?;
        let mut args = Vec::new();
        if !self.eat(")") {
            loop {
                args.push(self.ternary()?);
                if self.eat(")") {
                    break;
                }
                self.expect(",")?;
            }
        }
        self.depth -= 1;
        if args.len() != func.arity() {
            return Err(RankingError::new(format!(
                "{lower}() takes {} argument(s), not {}",
                func.arity(),
                args.len()
            )));
        }
        self.node(Node::Call(func, args))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Formula, RankingError> {
        Formula::parse(s, &HashMap::new())
    }

    fn value(s: &str, vals: &[f64]) -> f64 {
        parse(s).unwrap().eval(vals, 1_000_000.0)
    }

    #[test]
    fn arithmetic_follows_precedence() {
        assert_eq!(value("1 + 2 * 3", &[]), 7.0);
        assert_eq!(value("(1 + 2) * 3", &[]), 9.0);
        assert_eq!(value("2 ^ 3 ^ 2", &[]), 512.0);
        assert_eq!(value("-2 ^ 2", &[]), -4.0);
        assert_eq!(value("10 / 4 - 1", &[]), 1.5);
        assert_eq!(value("1 < 2 && 3 >= 3 ? 5 : 6", &[]), 5.0);
        assert_eq!(value("!1 || 0", &[]), 0.0);
        assert_eq!(
            value(
                "max(1, min(4, 3)) + abs(-2) + round(1.6) + trunc(-1.7)",
                &[]
            ),
            6.0
        );
        assert_eq!(value("1 / 0", &[]), 0.0);
        assert_eq!(value("1.5e2", &[]), 150.0);
    }

    #[test]
    fn names_are_variables_in_order_of_use() {
        let f = parse("popularity * 2 + external.boost - popularity + score.a_b").unwrap();
        assert_eq!(f.vars, ["popularity", "external.boost", "score.a_b"]);
        assert_eq!(f.eval(&[3.0, 10.0, 1.0], 0.0), 14.0);
    }

    #[test]
    fn decays_fall_from_one_to_the_decay_at_the_scale() {
        let now = 1_000_000.0;
        for shape in ["decay_linear", "decay_exp", "decay_gauss", "DECAY_GAUSS"] {
            let f = parse(&format!("{shape}(time)")).unwrap();
            assert!((f.eval(&[now], now) - 1.0).abs() < 1e-12, "{shape}");
            let at_scale = f.eval(&[now - DAY], now);
            assert!((at_scale - 0.5).abs() < 1e-9, "{shape}: {at_scale}");
            assert!(f.eval(&[now - 2.0 * DAY], now) < at_scale, "{shape}");
        }
        let mut functions = HashMap::new();
        let d = Decay {
            shape: Shape::Linear,
            scale: 10.0,
            offset: 5.0,
            decay: 0.5,
            origin: Some(0.0),
        };
        functions.insert("pop".to_owned(), d);
        let f = Formula::parse("pop(x)", &functions).unwrap();
        assert_eq!(f.eval(&[4.0], 0.0), 1.0);
        assert_eq!(f.eval(&[15.0], 0.0), 0.5);
        assert_eq!(f.eval(&[100.0], 0.0), 0.0);
    }

    #[test]
    fn bad_formulas_are_refused_with_a_reason() {
        for (bad, why) in [
            ("", "empty"),
            ("1 +", "ends too early"),
            ("(1", "expected \")\""),
            ("1 2", "unexpected number"),
            ("foo(1)", "unknown function"),
            ("min(1)", "takes 2"),
            ("rand()", "not supported"),
            ("a..b", "bad name"),
            ("1 # 2", "unexpected character"),
            ("a.", "bad name"),
        ] {
            let err = parse(bad).unwrap_err().to_string();
            assert!(err.contains(why), "{bad:?}: {err}");
        }
        let deep = format!("{}1{}", "(".repeat(40), ")".repeat(40));
        assert!(
            parse(&deep)
                .unwrap_err()
                .to_string()
                .contains("nests deeper")
        );
        let long = "1+".repeat(MAX_FORMULA_LEN);
        assert!(parse(&long).unwrap_err().to_string().contains("longer"));
        let many = "1+".repeat(600) + "1";
        assert!(parse(&many).unwrap_err().to_string().contains("parts"));
        let negs = "-".repeat(100) + "1";
        assert!(parse(&negs).is_err());
    }
}
