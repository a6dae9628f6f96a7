//! Rebuilds the host when a migration is added or changed: `sqlx::migrate!`
//! embeds `migrations/` at compile time, and Cargo does not otherwise know
//! the host depends on that directory.

fn main() {
    println!("cargo:rerun-if-changed=../migrations");
}
