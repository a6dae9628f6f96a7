//! A headless Chromium for the UI tests, driven over the DevTools protocol:
//! Debian's `chromium` with a fake camera and microphone, a tab that records
//! every JavaScript error, console error and failed load, and screenshots at
//! desktop and phone widths into `target/ui-screenshots/`.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chromiumoxide::cdp::browser_protocol::emulation::{
    ClearDeviceMetricsOverrideParams, SetDeviceMetricsOverrideParams,
};
use chromiumoxide::cdp::browser_protocol::log::{EventEntryAdded, LogEntryLevel};
use chromiumoxide::cdp::browser_protocol::page::CaptureScreenshotParams;
use chromiumoxide::cdp::js_protocol::runtime::{ConsoleApiCalledType, EventConsoleApiCalled, EventExceptionThrown};
use chromiumoxide::{Browser, BrowserConfig, Page};
use futures_util::StreamExt;
use serde::de::DeserializeOwned;

/// Where Debian installs Chromium; `PANEL_CHROMIUM` names another.
const DEFAULT_CHROMIUM: &str = "/usr/bin/chromium";
const WAIT_LIMIT: Duration = Duration::from_secs(20);

const DESKTOP: (i64, i64) = (1280, 800);
const PHONE: (i64, i64) = (390, 844);

fn chromium_path() -> PathBuf {
    let path = std::env::var_os("PANEL_CHROMIUM").map_or_else(|| PathBuf::from(DEFAULT_CHROMIUM), PathBuf::from);
    assert!(
        path.exists(),
        "Chromium is needed for the browser tests and is not at {}. Install it with \
         `apt-get update && apt-get install -y chromium` (`cargo xtask test` does this), or set PANEL_CHROMIUM \
         to a Chromium binary.",
        path.display()
    );
    path
}

/// The directory screenshots are saved in.
pub fn screenshot_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"), PathBuf::from);
    let dir = target.join("ui-screenshots");
    std::fs::create_dir_all(&dir).expect("create target/ui-screenshots");
    dir
}

/// A running Chromium with its own profile; closed on [`Chromium::close`].
pub struct Chromium {
    browser: Browser,
    handler: tokio::task::JoinHandle<()>,
    _profile: tempfile::TempDir,
}

impl Chromium {
    pub async fn launch() -> Self {
        Self::launch_with(&[]).await
    }

    /// A Chromium whose fake microphone plays `wav` once, from when a page
    /// first opens it, instead of its beeps.
    pub async fn launch_with_microphone(wav: &Path) -> Self {
        Self::launch_with(&[format!("use-file-for-fake-audio-capture={}%noloop", wav.display())]).await
    }

    async fn launch_with(args: &[String]) -> Self {
        let profile = tempfile::tempdir().expect("a profile directory");
        let mut config = BrowserConfig::builder()
            .chrome_executable(chromium_path())
            .new_headless_mode()
            .no_sandbox()
            .user_data_dir(profile.path())
            .window_size(DESKTOP.0 as u32, DESKTOP.1 as u32)
            .viewport(None)
            .arg("use-fake-device-for-media-stream")
            .arg("use-fake-ui-for-media-stream");
        for arg in args {
            config = config.arg(arg.as_str());
        }
        let config = config.build().expect("a Chromium configuration");
        let (browser, mut events) = Browser::launch(config).await.expect("Chromium starts");
        let handler = tokio::spawn(async move { while events.next().await.is_some() {} });
        Chromium { browser, handler, _profile: profile }
    }

    /// A new tab that records its problems, at `url`.
    pub async fn open(&self, url: &str) -> Tab {
        self.open_with_script(url, None).await
    }

    /// A new tab at `url` in which `script`, when given, runs before the
    /// page's own scripts in every document the tab loads (test
    /// instrumentation the page cannot see, outside its content security policy).
    pub async fn open_with_script(&self, url: &str, script: Option<&str>) -> Tab {
        let page = self.browser.new_page("about:blank").await.expect("a new tab");
        let problems = Arc::new(Mutex::new(Vec::new()));
        record_problems(&page, &problems).await;
        if let Some(script) = script {
            page.evaluate_on_new_document(script).await.expect("a script for every document");
        }
        page.goto(url).await.expect("the page loads");
        Tab { page, problems }
    }

    pub async fn close(mut self) {
        let _ = self.browser.close().await;
        let _ = self.browser.wait().await;
        self.handler.abort();
    }
}

/// Collects JavaScript exceptions, `console.error`/`console.assert` calls
/// and the browser's own error entries (failed loads, blocked by the content
/// security policy) of `page`.
async fn record_problems(page: &Page, problems: &Arc<Mutex<Vec<String>>>) {
    let mut console = page.event_listener::<EventConsoleApiCalled>().await.expect("console events");
    let mut exceptions = page.event_listener::<EventExceptionThrown>().await.expect("exception events");
    let mut log = page.event_listener::<EventEntryAdded>().await.expect("log events");
    let sink = problems.clone();
    tokio::spawn(async move {
        while let Some(call) = console.next().await {
            if matches!(call.r#type, ConsoleApiCalledType::Error | ConsoleApiCalledType::Assert) {
                let args: Vec<String> = call
                    .args
                    .iter()
                    .map(|a| a.value.as_ref().map_or_else(|| format!("{:?}", a.description), ToString::to_string))
                    .collect();
                sink.lock().expect("problems").push(format!("console.error: {}", args.join(" ")));
            }
        }
    });
    let sink = problems.clone();
    tokio::spawn(async move {
        while let Some(thrown) = exceptions.next().await {
            let details = &thrown.exception_details;
            let description = details.exception.as_ref().and_then(|e| e.description.clone()).unwrap_or_default();
            sink.lock().expect("problems").push(format!("uncaught: {} {description}", details.text));
        }
    });
    let sink = problems.clone();
    tokio::spawn(async move {
        while let Some(entry) = log.next().await {
            if entry.entry.level == LogEntryLevel::Error {
                let url = entry.entry.url.clone().unwrap_or_default();
                sink.lock().expect("problems").push(format!("browser error: {} ({url})", entry.entry.text));
            }
        }
    });
}

/// A tab of the browser, with the problems it has recorded.
pub struct Tab {
    pub page: Page,
    problems: Arc<Mutex<Vec<String>>>,
}

impl Tab {
    /// The value of a JavaScript expression.
    pub async fn eval<T: DeserializeOwned>(&self, expression: &str) -> T {
        self.page
            .evaluate(expression)
            .await
            .unwrap_or_else(|e| panic!("evaluating `{expression}`: {e}"))
            .into_value()
            .unwrap_or_else(|e| panic!("the value of `{expression}`: {e}"))
    }

    /// Waits until a JavaScript expression is true; fails with `what` after
    /// a while, naming the problems the page had. While the page is being
    /// replaced (a reload) the expression cannot be evaluated: that counts
    /// as not yet.
    pub async fn wait_until(&self, condition: &str, what: &str) {
        let started = Instant::now();
        let expression = format!("Boolean({condition})");
        while started.elapsed() < WAIT_LIMIT {
            let value = self.page.evaluate(expression.as_str()).await.ok().and_then(|v| v.into_value::<bool>().ok());
            if value == Some(true) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let page = self.eval::<String>("document.body.innerText").await;
        panic!("waited {WAIT_LIMIT:?} for {what}; the page shows:\n{page}\nproblems: {:?}", self.problems());
    }

    /// The text an element shows.
    pub async fn text(&self, selector: &str) -> String {
        self.eval(&format!("document.querySelector({selector:?}).textContent")).await
    }

    /// Whether an element is shown (it and none of its ancestors hidden).
    pub async fn visible(&self, selector: &str) -> bool {
        self.eval(&format!("(e => e !== null && e.offsetParent !== null)(document.querySelector({selector:?}))")).await
    }

    /// Clicks an element as a person would (mouse events at its centre).
    pub async fn click(&self, selector: &str) {
        let element = self.page.find_element(selector).await.unwrap_or_else(|e| panic!("finding {selector}: {e}"));
        element.click().await.unwrap_or_else(|e| panic!("clicking {selector}: {e}"));
    }

    /// Types into an element, key by key.
    pub async fn type_into(&self, selector: &str, text: &str) {
        let element = self.page.find_element(selector).await.unwrap_or_else(|e| panic!("finding {selector}: {e}"));
        element.click().await.unwrap_or_else(|e| panic!("focusing {selector}: {e}"));
        element.type_str(text).await.unwrap_or_else(|e| panic!("typing into {selector}: {e}"));
    }

    /// Saves `<name>-desktop.png` and `<name>-phone.png`, each the whole page.
    pub async fn screenshots(&self, name: &str) {
        let dir = screenshot_dir();
        for (label, (width, height), mobile) in [("desktop", DESKTOP, false), ("phone", PHONE, true)] {
            self.emulate(width, height, mobile).await;
            let content_height: i64 = self.eval("Math.ceil(document.documentElement.scrollHeight)").await;
            self.emulate(width, content_height.max(height), mobile).await;
            let shot = self.page.screenshot(CaptureScreenshotParams::default()).await.expect("a screenshot");
            std::fs::write(dir.join(format!("{name}-{label}.png")), shot).expect("save the screenshot");
        }
        self.page.execute(ClearDeviceMetricsOverrideParams::default()).await.expect("back to the window's size");
    }

    async fn emulate(&self, width: i64, height: i64, mobile: bool) {
        self.page
            .execute(SetDeviceMetricsOverrideParams::new(width, height, 1.0, mobile))
            .await
            .expect("set the viewport");
    }

    /// Everything that went wrong in the page so far.
    pub fn problems(&self) -> Vec<String> {
        self.problems.lock().expect("problems").clone()
    }

    /// Fails on any problem the page had, except those `expected` allows.
    pub fn assert_no_problems(&self, expected: impl Fn(&str) -> bool) {
        let unexpected: Vec<String> = self.problems().into_iter().filter(|p| !expected(p)).collect();
        assert!(unexpected.is_empty(), "the page had JavaScript or loading errors: {unexpected:#?}");
    }
}
