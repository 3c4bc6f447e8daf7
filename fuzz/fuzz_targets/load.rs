#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| tapedeck_fuzz::load_bytes(data));
