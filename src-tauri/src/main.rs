//! The Kuni desktop app's entry point.

fn main() {
    kuni_desktop::run();
}
