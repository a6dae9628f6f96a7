//! The `panel` command.
