//! The `panel` command.

fn main() -> std::process::ExitCode {
    panel::cli::main()
}
