//! A plugin's CPU lane: however many of its calls are busy, one plugin runs
//! plugin code on at most `cpu_lanes` of the plugin threads, its other calls
//! taking turns at each epoch tick; and a call that waits on the host (a
//! timer, an HTTP response) holds no lane, so its plugin's other calls run
//! meanwhile.

use std::sync::Arc;
use std::time::Duration;

use panel::kinds::{Connector, Rubric};
use panel::runtime::{Grants, LoadedPlugin, PluginRuntime, RuntimeConfig};
use panel_e2e::{STRONG_EN, answer, behavioural_question, load, supervisor_job, test_config};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;

/// Two plugin threads, one lane per plugin: the 2-core machine's defaults.
fn two_thread_runtime() -> PluginRuntime {
    PluginRuntime::new(RuntimeConfig { plugin_threads: 2, cpu_lanes: 1, ..test_config() }).expect("runtime")
}

/// The same, with rubric calls allowed 10 s, so a call can sleep for long
/// enough that a loaded machine cannot blur what finished first.
fn patient_runtime() -> PluginRuntime {
    let mut config = RuntimeConfig { plugin_threads: 2, cpu_lanes: 1, ..test_config() };
    config.limits.rubric.time_limit = Duration::from_secs(10);
    PluginRuntime::new(config).expect("runtime")
}

fn score(plugin: &Arc<LoadedPlugin>, config: &str) -> tokio::task::JoinHandle<Result<f32, String>> {
    let rubric = plugin.rubric(config).expect("a rubric");
    tokio::spawn(async move {
        let scores = rubric.score(&supervisor_job(), &behavioural_question("en"), &answer("en", STRONG_EN)).await;
        scores.map(|s| s[0].score).map_err(|e| e.to_string())
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_busy_plugin_runs_one_call_at_a_time_and_its_other_calls_take_turns() {
    let runtime = two_thread_runtime();
    let hostile = load(&runtime, "hostile-rubric", Grants::none());
    let star = load(&runtime, "rubric-star", Grants::none());
    // Six calls computing 300 ms each: 1.8 s of work through one lane, more
    // than the rubric's 1.5 s limit, which the wait for the lane does not count.
    let busy: Vec<_> = (0..6).map(|_| score(&hostile, r#"{"attack":"busy","millis":300}"#)).collect();
    let (mut most_running, mut most_in_flight) = (0, 0);
    while !busy.iter().all(|call| call.is_finished()) {
        let in_flight = 32 - runtime.pool_stats().free_slots;
        most_in_flight = most_in_flight.max(in_flight);
        most_running = most_running.max(runtime.running_calls("hostile-rubric"));
        if in_flight >= 6 {
            // Meanwhile another plugin's calls go through.
            assert!(score(&star, "{}").await.expect("task").expect("rubric-star scores") > 7.0);
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    assert_eq!(most_in_flight, 6, "all six calls were in flight at once");
    assert_eq!(most_running, 1, "but only one of them ran plugin code at any time");
    for call in busy {
        assert_eq!(call.await.expect("task"), Ok(6.0), "each call had its own time, not its wait for the lane");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_call_sleeping_holds_no_lane() {
    let runtime = patient_runtime();
    let hostile = load(&runtime, "hostile-rubric", Grants::none());
    let sleeping = score(&hostile, r#"{"attack":"slow","millis":4000}"#);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while runtime.pool_stats().free_slots == 32 {
        assert!(tokio::time::Instant::now() < deadline, "the sleeping call never started");
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    // A busy call of the same plugin, started after the sleeper, ends first:
    // it never waited for the sleeper's lane.
    let busy = score(&hostile, r#"{"attack":"busy","millis":50}"#);
    assert_eq!(busy.await.expect("task"), Ok(6.0));
    assert!(!sleeping.is_finished(), "the busy call finished while the other one slept");
    assert_eq!(sleeping.await.expect("task"), Ok(6.0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_call_waiting_for_an_http_response_holds_no_lane() {
    // A server that keeps the first request waiting until the test lets it go
    // and answers every later one at once.
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
    let port = listener.local_addr().expect("address").port();
    let (gate, arrived) = (Arc::new(tokio::sync::Notify::new()), Arc::new(tokio::sync::Notify::new()));
    let server = tokio::spawn({
        let (gate, arrived) = (gate.clone(), arrived.clone());
        async move {
            for n in 0.. {
                let Ok((mut socket, _)) = listener.accept().await else { return };
                let (gate, arrived) = (gate.clone(), arrived.clone());
                tokio::spawn(async move {
                    crate::sandbox::read_request(&mut socket).await;
                    if n == 0 {
                        arrived.notify_one();
                        gate.notified().await;
                    }
                    let response = "HTTP/1.1 200 OK\r\ncontent-length: 7\r\nconnection: close\r\n\r\napplied";
                    let _ = socket.write_all(response.as_bytes()).await;
                });
            }
        }
    });
    let runtime = two_thread_runtime();
    let grants = Grants { outbound_hosts: vec![format!("127.0.0.1:{port}").parse().expect("grant")], ..Grants::none() };
    let plugin = load(&runtime, "hostile-connector", grants);
    let connector = plugin.connector(&format!(r#"{{"url":"http://127.0.0.1:{port}/hire"}}"#)).expect("a connector");
    let event = crate::sandbox::hired_event();
    let waiting = tokio::spawn({
        let (connector, event) = (connector.clone(), event.clone());
        async move { connector.handle(&event).await.map_err(|e| e.to_string()) }
    });
    tokio::time::timeout(Duration::from_secs(10), arrived.notified()).await.expect("the first delivery arrives");
    // The first delivery waits for its response; a second one of the same plugin goes through.
    let second = tokio::time::timeout(Duration::from_secs(10), connector.handle(&event))
        .await
        .expect("the second delivery did not wait for the first one's lane");
    assert_eq!(second.expect("delivered"), panel::domain::Outcome::Applied("applied".into()));
    assert!(!waiting.is_finished());
    gate.notify_one();
    assert_eq!(waiting.await.expect("task").expect("delivered"), panel::domain::Outcome::Applied("applied".into()));
    server.abort();
}
