//! Decoding the JSON text of one event into an [`Event`].

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::event::*;

#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(rename = "type")]
    kind: i64,
    #[serde(borrow, default)]
    data: Option<&'a RawValue>,
    timestamp: f64,
    /// PostHog's per-event compression (see `posthog`).
    #[serde(borrow, default)]
    cv: Option<&'a str>,
}

#[derive(Deserialize)]
struct SourceOnly {
    source: i64,
}

/// Parses JSON without serde_json's recursion limit: the splitter has already bounded the depth.
fn parse<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    let mut de = serde_json::Deserializer::from_str(text);
    de.disable_recursion_limit();
    let value = T::deserialize(&mut de).map_err(|e| e.to_string())?;
    de.end().map_err(|e| e.to_string())?;
    Ok(value)
}

fn source_of(data: &str) -> Result<i64, String> {
    // Recorders write `{"source":N,` first; avoid scanning the whole event twice.
    if let Some(rest) = data.strip_prefix("{\"source\":") {
        let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
        if let Ok(n) = digits.parse() {
            return Ok(n);
        }
    }
    parse::<SourceOnly>(data).map(|s| s.source)
}

/// Decodes one event. The error says what is wrong, for the problems list.
pub fn decode_event(text: &[u8]) -> Result<Event, String> {
    let text = std::str::from_utf8(text).map_err(|e| format!("not valid UTF-8 ({e})"))?;
    let env: Envelope = serde_json::from_str(text).map_err(|e| {
        if e.to_string().contains("missing field") {
            format!("not an rrweb event ({e})")
        } else {
            format!("malformed event ({e})")
        }
    })?;
    if !env.timestamp.is_finite() {
        return Err("timestamp is not a finite number".to_owned());
    }
    let data = env.data.map(|d| d.get()).unwrap_or("{}");
    match env.cv {
        // Inflated, cut to depth like any event, and read again without its `cv`.
        Some(super::posthog::CV) => {
            let data =
                super::posthog::decompress(env.kind, data).map_err(|e| format!("PostHog-compressed event: {e}"))?;
            let event = format!(r#"{{"type":{},"data":{data},"timestamp":{}}}"#, env.kind, env.timestamp);
            let event = super::split::prune(event.as_bytes())
                .ok_or_else(|| "PostHog-compressed event: its inflated data is not JSON".to_owned())?;
            return decode_event(&event);
        }
        Some(other) => return Err(format!("compressed in an unknown way (cv {other:?})")),
        None => {}
    }
    let kind_name = usize::try_from(env.kind)
        .ok()
        .and_then(|k| EVENT_TYPE_NAMES.get(k))
        .copied()
        .unwrap_or("unknown");
    let decoded = match env.kind {
        0 => Ok(EventData::DomContentLoaded),
        1 => Ok(EventData::Load),
        2 => parse(data).map(|s| EventData::FullSnapshot(Box::new(s))),
        3 => decode_incremental(data).map(EventData::Incremental),
        4 => parse(data).map(EventData::Meta),
        5 => parse(data).map(EventData::Custom),
        6 => parse(data).map(EventData::Plugin),
        7 => RawValue::from_string(data.to_owned())
            .map(EventData::Asset)
            .map_err(|e| e.to_string()),
        n => return Err(format!("unknown event type {n}")),
    };
    let data = decoded.map_err(|e| format!("{kind_name} event with invalid data: {e}"))?;
    Ok(Event {
        timestamp: env.timestamp,
        data,
        window: 0,
    })
}

fn decode_incremental(data: &str) -> Result<Incremental, String> {
    let source = source_of(data)?;
    Ok(match source {
        0 => Incremental::Mutation(Box::new(parse::<Mutation>(data)?.compact())),
        1 => Incremental::MouseMove(parse::<Positions>(data)?.compact()),
        2 => Incremental::MouseInteraction(parse(data)?),
        3 => Incremental::Scroll(parse(data)?),
        4 => Incremental::ViewportResize(parse(data)?),
        5 => Incremental::Input(parse(data)?),
        6 => Incremental::TouchMove(parse::<Positions>(data)?.compact()),
        7 => Incremental::MediaInteraction(parse(data)?),
        8 => Incremental::StyleSheetRule(Box::new(parse(data)?)),
        9 => Incremental::CanvasMutation(std::sync::Arc::new(parse(data)?)),
        10 => Incremental::Font(Box::new(parse(data)?)),
        11 => Incremental::Log(RawValue::from_string(data.to_owned()).map_err(|e| e.to_string())?),
        12 => Incremental::Drag(parse::<Positions>(data)?.compact()),
        13 => Incremental::StyleDeclaration(Box::new(parse(data)?)),
        14 => Incremental::Selection(parse(data)?),
        15 => Incremental::AdoptedStyleSheet(Box::new(parse(data)?)),
        16 => Incremental::CustomElement(parse(data)?),
        n => return Err(format!("unknown incremental source {n}")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_a_mutation() {
        let e = decode_event(
            br#"{"type":3,"data":{"source":0,"texts":[{"id":3,"value":"hi"}],"attributes":[{"id":4,"attributes":{"class":"a","hidden":null,"style":{"color":"red","top":["1px","important"],"left":false}}}],"removes":[{"parentId":1,"id":9}],"adds":[{"parentId":1,"nextId":null,"node":{"type":3,"textContent":"x","id":10}}]},"timestamp":5}"#,
        )
        .unwrap();
        let EventData::Incremental(Incremental::Mutation(m)) = e.data else {
            panic!()
        };
        assert_eq!(m.texts[0].value.as_deref(), Some("hi"));
        assert_eq!(m.attributes[0].attributes.len(), 3);
        assert_eq!(m.removes[0].id, 9);
        assert_eq!(m.adds[0].node.id, 10);
    }

    #[test]
    fn canvas_arguments_are_kept_as_text_and_read_when_drawn() {
        let e = decode_event(
            br#"{"type":3,"data":{"source":9,"id":7,"type":0,"commands":[{"property":"fillRect","args":[1,2.5,"x",{"rr_type":"ImageBitmap"}]},{"property":"fill"}]},"timestamp":5}"#,
        )
        .unwrap();
        let EventData::Incremental(Incremental::CanvasMutation(c)) = e.data else {
            panic!()
        };
        let commands = c.command_list();
        let args = commands[0].args.values();
        assert_eq!(args.len(), 4);
        assert_eq!(args[1].as_f64(), Some(2.5));
        assert_eq!(args[2].as_str(), Some("x"));
        assert!(commands[1].args.values().is_empty());
        let (first, first_args) = c.first_command().unwrap();
        assert_eq!((first, first_args.values().len()), ("fillRect", 4));
        // One command inline has the same first command.
        let inline = decode_event(
            br#"{"type":3,"data":{"source":9,"id":7,"property":"clearRect","args":[0,0,9,9]},"timestamp":5}"#,
        )
        .unwrap();
        let EventData::Incremental(Incremental::CanvasMutation(c)) = inline.data else {
            panic!()
        };
        assert_eq!(
            c.first_command().map(|(p, a)| (p, a.values().len())),
            Some(("clearRect", 4))
        );
        // Arguments that are not a list make the event a problem, as they did decoded.
        let bad = decode_event(br#"{"type":3,"data":{"source":9,"id":7,"property":"fill","args":"x"},"timestamp":5}"#);
        assert!(bad.unwrap_err().contains("not a list"));
        // Arguments that cannot be read as values are a problem too, as they were decoded.
        let bad = decode_event(
            br#"{"type":3,"data":{"source":9,"id":7,"commands":[{"property":"setTransform","args":[1,0,0,1,0,1e400]}]},"timestamp":5}"#,
        );
        assert!(bad.unwrap_err().contains("IncrementalSnapshot event with invalid data"));
        let deep = format!(
            r#"{{"type":3,"data":{{"source":9,"id":7,"property":"fill","args":[{}1{}]}},"timestamp":5}}"#,
            "[".repeat(200),
            "]".repeat(200)
        );
        assert!(decode_event(deep.as_bytes()).is_err());
    }

    #[test]
    fn decoded_vectors_hold_no_spare_room() {
        let adds: Vec<String> = (0..5)
            .map(|i| format!(r#"{{"parentId":1,"node":{{"type":2,"tagName":"p","attributes":{{"a":"1","b":"2","c":"3"}},"childNodes":[{{"type":3,"textContent":"t","id":{}}}],"id":{}}}}}"#, 100 + i, 10 + i))
            .collect();
        let text = format!(
            r#"{{"type":3,"data":{{"source":0,"texts":[],"attributes":[],"removes":[],"adds":[{}]}},"timestamp":1}}"#,
            adds.join(",")
        );
        let EventData::Incremental(Incremental::Mutation(m)) = decode_event(text.as_bytes()).unwrap().data else {
            panic!()
        };
        assert_eq!(m.adds.capacity(), 5);
        let crate::node::NodeKind::Element(e) = &m.adds[0].node.kind else {
            panic!()
        };
        assert_eq!(e.attributes.capacity(), 3);
        assert_eq!(e.children.capacity(), 1);
    }

    #[test]
    fn explains_what_is_wrong() {
        assert!(decode_event(br#"{"foo":1}"#)
            .unwrap_err()
            .contains("not an rrweb event"));
        assert!(decode_event(br#"{"type":9,"data":{},"timestamp":1}"#)
            .unwrap_err()
            .contains("unknown event type 9"));
        assert!(decode_event(br#"{"type":3,"data":{"source":99},"timestamp":1}"#)
            .unwrap_err()
            .contains("unknown incremental source 99"));
        assert!(
            decode_event(br#"{"type":3,"data":{"source":3,"id":"x","x":1,"y":2},"timestamp":1}"#)
                .unwrap_err()
                .contains("IncrementalSnapshot event with invalid data")
        );
        assert!(decode_event(br#"{"type":0,"data":{},"timestamp":"soon"}"#)
            .unwrap_err()
            .contains("malformed"));
    }
}
