//! Writes small seed inputs for the `load` fuzz target: recordings the `apply` harness makes,
//! as a JSON list, as NDJSON, and wrapped in `{"events": …}`.
fn main() {
    let dir = std::env::args().nth(1).expect("an output folder");
    for k in 0..4u32 {
        let data: Vec<u8> = (0..300u32).map(|i| (i * (31 + k * 6) % 251) as u8).collect();
        let body = tapedeck_fuzz::ops_recording(&data).expect("a recording");
        let events: Vec<serde_json::Value> = serde_json::from_str(&body).unwrap();
        let ndjson: Vec<String> = events.iter().map(|e| e.to_string()).collect();
        let wrapped = serde_json::json!({ "events": events }).to_string();
        for (name, text) in [
            ("list", body.clone()),
            ("ndjson", ndjson.join("\n")),
            ("wrapped", wrapped),
        ] {
            let mut bytes = vec![(k * 13) as u8];
            bytes.extend_from_slice(text.as_bytes());
            std::fs::write(format!("{dir}/{name}-{k}"), bytes).unwrap();
        }
    }
}
