//! `panel audit verify`: walks the audit log's hash chain and reports the
//! first entry edited, deleted or reordered since it was written (exit
//! status 1), or the chain's head to record elsewhere.

use anyhow::Context;

use super::DatabaseArgs;

#[derive(Debug, clap::Args)]
pub(crate) struct AuditArgs {
    #[command(subcommand)]
    command: AuditCommand,
}

#[derive(Debug, clap::Subcommand)]
enum AuditCommand {
    /// Check that no audit entry was edited, deleted or reordered: recompute
    /// the hash chain from the first entry to the head.
    Verify(VerifyArgs),
}

#[derive(Debug, clap::Args)]
struct VerifyArgs {
    #[command(flatten)]
    database: DatabaseArgs,
    /// A head printed by an earlier run (`SEQ:HASH`), kept somewhere the
    /// database's administrators cannot change: that entry must still have
    /// that hash, which a chain recomputed after an edit does not.
    #[arg(long, value_name = "SEQ:HASH", value_parser = parse_anchor)]
    expect: Option<(i64, String)>,
    /// Print the result as JSON.
    #[arg(long)]
    json: bool,
}

fn parse_anchor(value: &str) -> Result<(i64, String), String> {
    let (seq, hash) = value.split_once(':').ok_or("expected SEQ:HASH, e.g. 1042:9f86d0…")?;
    let seq = seq.parse().map_err(|_| format!("{seq:?} is not an entry number"))?;
    if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err("the hash must be 64 hexadecimal digits".into());
    }
    Ok((seq, hash.to_ascii_lowercase()))
}

pub(crate) async fn run(args: AuditArgs) -> anyhow::Result<()> {
    match args.command {
        AuditCommand::Verify(args) => verify(args).await,
    }
}

async fn verify(args: VerifyArgs) -> anyhow::Result<()> {
    let store = args.database.open().await?;
    let report = store
        .verify_audit(args.expect.as_ref().map(|(seq, hash)| (*seq, hash.as_str())))
        .await
        .context("reading the audit log")?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!("{} audit entries checked; head {}:{}", report.checked, report.head_seq, report.head_hash);
        if report.pending > 0 {
            println!("{}", pending_note(report.pending, report.oldest_pending_at, crate::store::now_ms()));
        }
    }
    match report.problem {
        None => {
            if !args.json {
                println!("the chain holds: no entry was edited, deleted or reordered");
            }
            Ok(())
        }
        Some(problem) => Err(anyhow::Error::new(problem).context("the audit log was tampered with")),
    }
}

/// What the entries written but not sealed yet mean, for the operator.
fn pending_note(pending: i64, oldest_at: Option<i64>, now: i64) -> String {
    let entries = if pending == 1 { "1 audit entry is".to_owned() } else { format!("{pending} audit entries are") };
    let age = match oldest_at {
        Some(at) => format!(" (the oldest written {} ago)", age(now.saturating_sub(at).max(0))),
        None => String::new(),
    };
    format!(
        "{entries} written but not sealed into the chain yet{age}, so not checked: a running server on \
         PostgreSQL seals its writes within about a second. Entries left unsealed longer (by a stopped process \
         or a stalled sealer) are sealed when the database is opened, as this command just did, with a warning \
         above if they had waited over a minute."
    )
}

fn age(ms: i64) -> String {
    if ms < 1_000 {
        format!("{ms} ms")
    } else if ms < 120_000 {
        format!("{:.1} s", ms as f64 / 1_000.0)
    } else if ms < 7_200_000 {
        format!("{} minutes", ms / 60_000)
    } else {
        format!("{} hours", ms / 3_600_000)
    }
}

#[cfg(test)]
mod tests {
    use super::pending_note;

    #[test]
    fn pending_entries_are_explained_with_the_age_of_the_oldest() {
        let note = pending_note(3, Some(10_000), 10_250);
        assert!(
            note.starts_with(
                "3 audit entries are written but not sealed into the chain yet (the oldest written 250 ms ago), so"
            ),
            "{note}"
        );
        let note = pending_note(1, Some(0), 600_000);
        assert!(
            note.starts_with(
                "1 audit entry is written but not sealed into the chain yet (the oldest written 10 minutes ago)"
            ),
            "{note}"
        );
        assert!(
            pending_note(2, None, 0).starts_with("2 audit entries are written but not sealed into the chain yet, so")
        );
    }
}
