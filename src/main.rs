fn main() {
    tapedeck::start();
}
