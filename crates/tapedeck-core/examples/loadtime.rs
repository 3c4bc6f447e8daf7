fn main() {
    for path in std::env::args().skip(1) {
        let body = std::fs::read(&path).unwrap();
        let t = std::time::Instant::now();
        let loaded = tapedeck_core::load::load(&body).unwrap();
        println!("{path}: {} events, {:?}", loaded.session.events.len(), t.elapsed());
    }
}
