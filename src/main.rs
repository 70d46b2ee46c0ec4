fn main() {
    together::start();
}
