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
            println!("{} entries are being written and not sealed yet", report.pending);
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
