//! `panel audit verify`: walks the audit log's hash chains (one per
//! organisation, and the platform's) and reports the first entry edited,
//! deleted, reordered or moved since it was written (exit status 1), or each
//! chain's head to record elsewhere.

use anyhow::Context;

use super::DatabaseArgs;

#[derive(Debug, clap::Args)]
pub(crate) struct AuditArgs {
    #[command(subcommand)]
    command: AuditCommand,
}

#[derive(Debug, clap::Subcommand)]
enum AuditCommand {
    /// Check that no audit entry was edited, deleted, reordered or moved:
    /// recompute each organisation's hash chain (and the platform's) from
    /// its first entry to its head.
    Verify(VerifyArgs),
}

#[derive(Debug, clap::Args)]
struct VerifyArgs {
    #[command(flatten)]
    database: DatabaseArgs,
    /// Only this organisation's chain (its id; 0 for the platform's chain:
    /// entries about no organisation, and all sealed before chains were per
    /// organisation).
    #[arg(long, value_name = "ID")]
    organisation: Option<i64>,
    /// A head of the chain `--organisation` names, printed by an earlier run (`SEQ:HASH`), kept somewhere the
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
    let reports = match (args.organisation, &args.expect) {
        (Some(chain), expect) => vec![
            store
                .verify_audit_chain(chain, expect.as_ref().map(|(seq, hash)| (*seq, hash.as_str())))
                .await
                .context("reading the audit log")?,
        ],
        (None, Some(_)) => anyhow::bail!(
            "--expect names an entry of one chain: give the chain's --organisation too (0 for the platform's)"
        ),
        (None, None) => store.verify_audit_all().await.context("reading the audit log")?,
    };
    if args.json {
        match reports.as_slice() {
            [one] if args.organisation.is_some() => println!("{}", serde_json::to_string_pretty(one)?),
            all => println!("{}", serde_json::to_string_pretty(all)?),
        }
    }
    let mut broken = Vec::new();
    for report in &reports {
        let chain = chain_name(report.chain);
        if !args.json {
            println!(
                "{chain}: {} audit entries checked; head {}:{}",
                report.checked, report.head_seq, report.head_hash
            );
            if report.pending > 0 {
                println!("  {}", pending_note(report.pending, report.oldest_pending_at, crate::store::now_ms()));
            }
        }
        if let Some(problem) = &report.problem {
            if !args.json {
                println!("  broken: {problem}");
            }
            broken.push(format!("{chain}: {problem}"));
        }
    }
    if broken.is_empty() {
        if !args.json {
            println!("the chains hold: no entry was edited, deleted, reordered or moved");
        }
        return Ok(());
    }
    Err(anyhow::anyhow!("{}", broken.join("; ")).context("the audit log was tampered with"))
}

/// How a chain is named to the operator.
fn chain_name(chain: i64) -> String {
    if chain == crate::store::AUDIT_PLATFORM_CHAIN {
        "platform chain".to_owned()
    } else {
        format!("organisation {chain}")
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
