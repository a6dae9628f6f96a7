//! Outbound HTTP for plugins: every request's host is checked against the
//! plugin's grants before anything leaves the machine, and `${secret:NAME}`
//! placeholders in its headers are filled with the granted credentials
//! (`secrets`). A refused request gets `HttpRequestDenied` inside the plugin
//! and is recorded, so the call's error names the capability that was refused.

use std::future::Future;
use std::sync::Arc;

use http_body_util::BodyExt;
use wasmtime_wasi_http::{Error, RequestOptions, WasiBody, WasiHttpHooks};

use super::grants::Grants;
use super::mail::{self, Mailer};
use super::secrets;

type SendFuture = Box<
    dyn Future<Output = Result<(http::Response<WasiBody>, Box<dyn Future<Output = Result<(), Error>> + Send>), Error>>
        + Send,
>;

/// The `wasi:http` hooks of one call.
pub(crate) struct OutboundHooks {
    grants: Arc<Grants>,
    mailer: Option<Arc<Mailer>>,
    denied: Vec<String>,
}

impl OutboundHooks {
    pub(crate) fn new(grants: Arc<Grants>, mailer: Option<Arc<Mailer>>) -> Self {
        Self { grants, mailer, denied: Vec::new() }
    }

    pub(crate) fn denied(&self) -> &[String] {
        &self.denied
    }
}

impl WasiHttpHooks for OutboundHooks {
    fn send_request(
        &mut self,
        mut request: http::Request<WasiBody>,
        options: Option<RequestOptions>,
        fut: Box<dyn Future<Output = Result<(), Error>> + Send>,
    ) -> SendFuture {
        drop(fut);
        let uri = request.uri();
        let host = uri.host().unwrap_or_default().to_owned();
        let default_port = if uri.scheme_str() == Some("http") { 80 } else { 443 };
        let port = uri.port_u16().unwrap_or(default_port);
        if !self.grants.allows_host(&host, port) {
            // Only the host and port are recorded: a path may carry personal data.
            self.denied.push(format!("outbound HTTP to {host}:{port}"));
            return Box::new(async { Err(Error::HttpRequestDenied) });
        }
        for value in request.headers_mut().values_mut() {
            let filled = value.to_str().map_or(Ok(None), |text| secrets::fill(text, &self.grants.secrets));
            match filled {
                Ok(Some(secret)) => *value = secret,
                Ok(None) => {}
                Err(refused) => {
                    self.denied.push(refused);
                    return Box::new(async { Err(Error::HttpRequestDenied) });
                }
            }
        }
        if mail::is_mail_host(&host) {
            // The host's own mail gateway: answered here, nothing leaves by HTTP.
            let mailer = self.mailer.clone();
            return Box::new(async move {
                let response = mail::handle(mailer.as_deref(), request).await;
                Ok((response, Box::new(async { Ok(()) }) as Box<dyn Future<Output = Result<(), Error>> + Send>))
            });
        }
        Box::new(async move {
            let (response, io) = wasmtime_wasi_http::default_send_request(request, options).await?;
            Ok((
                response.map(BodyExt::boxed_unsync),
                Box::new(io) as Box<dyn Future<Output = Result<(), Error>> + Send>,
            ))
        })
    }
}
