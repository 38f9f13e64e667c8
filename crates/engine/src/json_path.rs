//! The JSON path (`positions[0].leverage`) of a position in a JSON text:
//! how a serde error's line and column become the field it concerns.
//!
//! serde_json reports where in the text it stopped — right after a value it
//! could not accept, right after an unknown key, at the `}` of an object
//! missing a field — and this walks the text to that point keeping the
//! stack of keys and array indices. (It replaces a path-tracking
//! deserializer, which cost a copy of its machinery per scenario type in
//! the page's wasm.)

/// One level of nesting.
enum Frame {
    /// An object, and the key whose value is being read.
    Object(Option<String>),
    /// An array, and the index of the element being read.
    Array(usize),
}

/// The path at `line`:`column` (1-based, as serde_json counts) of `text`;
/// `""` at the top level. `missing`: the error is a field the object lacks
/// (reported at its end), so the path is the object's, not its last key's.
pub fn at(text: &str, line: usize, column: usize, missing: bool) -> String {
    let mut stack: Vec<Frame> = Vec::new();
    // Inside an object, whether the next string is a key.
    let mut expect_key = false;
    let (mut l, mut c) = (1usize, 0usize);
    let mut chars = text.char_indices().peekable();
    while let Some((_, ch)) = chars.next() {
        if ch == '\n' {
            l = l.saturating_add(1);
            c = 0;
        } else {
            c = c.saturating_add(ch.len_utf8());
        }
        if l > line || (l == line && c >= column) {
            // A field the object lacks: the object's path, not its last key.
            if missing {
                if let Some(Frame::Object(key)) = stack.last_mut() {
                    *key = None;
                }
            }
            break;
        }
        match ch {
            '{' => {
                stack.push(Frame::Object(None));
                expect_key = true;
            }
            '[' => {
                stack.push(Frame::Array(0));
                expect_key = false;
            }
            '}' | ']' => {
                stack.pop();
                expect_key = false;
            }
            ',' => match stack.last_mut() {
                Some(Frame::Array(i)) => *i = i.saturating_add(1),
                Some(Frame::Object(key)) => {
                    *key = None;
                    expect_key = true;
                }
                None => {}
            },
            '"' => {
                // A string: read it whole (escapes kept as written).
                let mut s = String::new();
                let mut escaped = false;
                for (_, d) in chars.by_ref() {
                    if d == '\n' {
                        l = l.saturating_add(1);
                        c = 0;
                    } else {
                        c = c.saturating_add(d.len_utf8());
                    }
                    if escaped {
                        s.push(d);
                        escaped = false;
                    } else if d == '\\' {
                        escaped = true;
                    } else if d == '"' {
                        break;
                    } else {
                        s.push(d);
                    }
                }
                if expect_key {
                    if let Some(Frame::Object(key)) = stack.last_mut() {
                        *key = Some(s);
                    }
                    expect_key = false;
                }
            }
            _ => {}
        }
    }
    let mut path = String::new();
    for f in &stack {
        match f {
            Frame::Object(Some(k)) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
            }
            Frame::Object(None) => {}
            Frame::Array(i) => {
                path.push('[');
                path.push_str(&i.to_string());
                path.push(']');
            }
        }
    }
    path
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::at;

    /// The path where serde_json stops on `text` read as `T`.
    fn path_of<T: serde::de::DeserializeOwned>(text: &str) -> String {
        let e = serde_json::from_str::<T>(text).err().unwrap();
        at(
            text,
            e.line(),
            e.column(),
            e.to_string().starts_with("missing field"),
        )
    }

    #[test]
    fn nested_keys_and_indices() {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct P {
            a: u32,
            b: Vec<Q>,
        }
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Q {
            x: u32,
            y: Option<u32>,
        }
        assert_eq!(path_of::<P>(r#"{"a": "no", "b": []}"#), "a");
        assert_eq!(
            path_of::<P>(r#"{"a": 1, "b": [{"x": 1}, {"x": "s"}]}"#),
            "b[1].x"
        );
        assert_eq!(
            path_of::<P>("{\"a\": 1,\n \"b\": [{\"x\": 1},\n {\"x\": 2, \"zz\": 3}]}"),
            "b[1].zz"
        );
        assert_eq!(
            path_of::<P>(r#"{"a": 1, "b": [{"x": 1, "y": 2}, {"y": 3}]}"#),
            "b[1]"
        );
        assert_eq!(
            path_of::<P>(r#"{"a": 1, "b": [{"x": 1, "y": "\"}"}]}"#),
            "b[0].y"
        );
        assert_eq!(path_of::<P>(r#"{"b": []}"#), "");
    }
}
