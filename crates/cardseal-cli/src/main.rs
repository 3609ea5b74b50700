//! `cardseal` command line (in progress).

fn main() {
    println!("cardseal demo: in progress");
}
