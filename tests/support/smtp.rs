//! A real SMTP server on a loopback port (RFC 5321's commands, dot-stuffed
//! DATA), keeping every message it accepts, for tests of the host's mail
//! gateway. It can be told to answer temporary failures (451) a number of
//! times, or to refuse some recipients for good (550).

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// One message the server accepted.
#[derive(Debug, Clone, PartialEq)]
pub struct Received {
    pub mail_from: String,
    pub rcpt_to: Vec<String>,
    /// The message as sent (headers and body), dot-stuffing removed.
    pub data: String,
}

#[derive(Debug, Default)]
struct State {
    received: Vec<Received>,
    temporary_failures: u32,
    refused: HashSet<String>,
    sessions: u32,
}

/// The running server.
#[derive(Debug, Clone)]
pub struct SmtpServer {
    pub port: u16,
    state: Arc<Mutex<State>>,
}

impl SmtpServer {
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind an SMTP port");
        let port = listener.local_addr().expect("address").port();
        let state: Arc<Mutex<State>> = Arc::default();
        let shared = state.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(session(stream, shared.clone()));
            }
        });
        Self { port, state }
    }

    /// `smtp://127.0.0.1:PORT`, plain (no TLS), for the mailer.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Messages accepted so far.
    pub fn received(&self) -> Vec<Received> {
        self.state.lock().expect("smtp state").received.clone()
    }

    /// Connections (SMTP sessions) opened so far.
    pub fn sessions(&self) -> u32 {
        self.state.lock().expect("smtp state").sessions
    }

    /// Answers the next `n` MAIL commands with `451` (try again later).
    pub fn fail_temporarily(&self, n: u32) {
        self.state.lock().expect("smtp state").temporary_failures = n;
    }

    /// Refuses mail to `address` with `550` (no such mailbox).
    pub fn refuse(&self, address: &str) {
        self.state.lock().expect("smtp state").refused.insert(address.to_ascii_lowercase());
    }

    pub fn clear(&self) {
        self.state.lock().expect("smtp state").received.clear();
    }
}

/// The address between `<` and `>` of a MAIL or RCPT argument.
fn address(argument: &str) -> String {
    let start = argument.find('<').map_or(0, |i| i + 1);
    let end = argument.rfind('>').unwrap_or(argument.len());
    argument.get(start..end).unwrap_or_default().to_ascii_lowercase()
}

async fn session(stream: TcpStream, state: Arc<Mutex<State>>) -> std::io::Result<()> {
    state.lock().expect("smtp state").sessions += 1;
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    write.write_all(b"220 test.smtp.local ESMTP ready\r\n").await?;
    let (mut from, mut to) = (String::new(), Vec::new());
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let command = line.trim_end().to_owned();
        let verb = command.split_whitespace().next().unwrap_or_default().to_ascii_uppercase();
        let reply: String = match verb.as_str() {
            "EHLO" => "250-test.smtp.local\r\n250-8BITMIME\r\n250 SMTPUTF8".into(),
            "HELO" => "250 test.smtp.local".into(),
            "MAIL" => {
                let mut s = state.lock().expect("smtp state");
                if s.temporary_failures > 0 {
                    s.temporary_failures -= 1;
                    "451 4.3.0 try again later".into()
                } else {
                    from = address(&command);
                    to.clear();
                    "250 2.1.0 ok".into()
                }
            }
            "RCPT" => {
                let rcpt = address(&command);
                if state.lock().expect("smtp state").refused.contains(&rcpt) {
                    "550 5.1.1 no such mailbox".into()
                } else {
                    to.push(rcpt);
                    "250 2.1.5 ok".into()
                }
            }
            "DATA" if to.is_empty() => "503 5.5.1 no valid recipients".into(),
            "DATA" => {
                write.write_all(b"354 end with <CRLF>.<CRLF>\r\n").await?;
                let mut data = String::new();
                loop {
                    line.clear();
                    if lines.read_line(&mut line).await? == 0 {
                        return Ok(());
                    }
                    if line == ".\r\n" || line == ".\n" {
                        break;
                    }
                    data.push_str(line.strip_prefix('.').unwrap_or(&line));
                }
                let message = Received { mail_from: from.clone(), rcpt_to: std::mem::take(&mut to), data };
                state.lock().expect("smtp state").received.push(message);
                "250 2.0.0 queued".into()
            }
            "RSET" => {
                to.clear();
                "250 2.0.0 ok".into()
            }
            "NOOP" => "250 2.0.0 ok".into(),
            "QUIT" => {
                write.write_all(b"221 2.0.0 bye\r\n").await?;
                return Ok(());
            }
            _ => "502 5.5.2 command not recognised".into(),
        };
        write.write_all(format!("{reply}\r\n").as_bytes()).await?;
    }
}
