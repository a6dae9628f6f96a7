//! The `panel` command.

fn main() -> std::process::ExitCode {
    panel::memory::limit_malloc_arenas();
    panel::cli::main()
}
