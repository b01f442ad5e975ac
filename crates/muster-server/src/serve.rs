//! Serving a router over TCP with timeouts, so that a client cannot hold a
//! connection (and its memory) by sending slowly or not at all:
//!
//! * `header`: the whole request head must arrive within this time of the
//!   connection being ready for it (accepted, or its previous response sent),
//!   so it is also how long an idle kept-alive connection stays open;
//! * `body`: a request's whole body must arrive within this time of its head,
//!   else the request is answered 408 and the connection closed.
//!
//! A response is never timed: a Server-Sent Events stream stays open for as
//! long as its client listens. HTTP/1.1 only (browsers and proxies speak it
//! to us); every connection gets the same timeouts.

use axum::body::Body;
use axum::extract::connect_info::ConnectInfo;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use http_body::{Body as HttpBody, Frame, SizeHint};
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::time::Sleep;
use tower::ServiceExt;

/// How long a client may take to send a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// The request head, from the connection being ready for it; also the
    /// idle time a kept-alive connection is given.
    pub header: Duration,
    /// The whole request body, from the end of its head.
    pub body: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            header: Duration::from_secs(10),
            body: Duration::from_secs(30),
        }
    }
}

/// Serves `router` until `shutdown` resolves, then drains in-flight requests.
/// Each request carries its peer's `ConnectInfo<SocketAddr>` (the web UI finds
/// the client's address from it).
pub async fn serve_router_with(
    router: axum::Router,
    listener: TcpListener,
    timeouts: Timeouts,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    tracing::info!(addr = %listener.local_addr()?, ?timeouts, "muster serving");
    let router = router.layer(middleware::from_fn_with_state(timeouts.body, body_deadline));
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(timeouts.header);
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(conn) => conn,
                Err(e) => {
                    // Out of file descriptors and the like: keep serving the
                    // connections we have, and try again shortly.
                    tracing::warn!(error = %e, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let router = router.clone();
        let service = hyper::service::service_fn(move |mut req: Request<Incoming>| {
            req.extensions_mut().insert(ConnectInfo(peer));
            router.clone().oneshot(req.map(Body::new))
        });
        let conn = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            if let Err(e) = conn.await {
                tracing::debug!(error = %e, %peer, "connection ended with an error");
            }
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

/// Gives the request body `limit` to arrive; a body that is late fails the
/// request with 408, and the connection is closed (what is left of the body
/// cannot be told apart from the next request).
async fn body_deadline(State(limit): State<Duration>, req: Request, next: Next) -> Response {
    let late = Arc::new(AtomicBool::new(false));
    let (parts, body) = req.into_parts();
    let body = Body::new(DeadlineBody {
        inner: body,
        deadline: Box::pin(tokio::time::sleep(limit)),
        late: late.clone(),
    });
    let response = next.run(Request::from_parts(parts, body)).await;
    if !late.load(Ordering::Acquire) {
        return response;
    }
    let error = muster_api::ErrorBody {
        error: muster_api::ErrorDetail {
            code: "timeout".to_owned(),
            message: format!(
                "the request body did not arrive within {} s",
                limit.as_secs()
            ),
            field: None,
            rule: None,
        },
    };
    let mut response = (StatusCode::REQUEST_TIMEOUT, axum::Json(error)).into_response();
    response
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}

/// A request body with a deadline for all of it (not per chunk: a body that
/// trickles a byte at a time must not stretch its time without bound).
struct DeadlineBody {
    inner: Body,
    deadline: Pin<Box<Sleep>>,
    late: Arc<AtomicBool>,
}

impl HttpBody for DeadlineBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        if let Poll::Ready(frame) = Pin::new(&mut self.inner).poll_frame(cx) {
            return Poll::Ready(frame);
        }
        if self.deadline.as_mut().poll(cx).is_ready() {
            self.late.store(true, Ordering::Release);
            return Poll::Ready(Some(Err(axum::Error::new(
                "the request body arrived too slowly",
            ))));
        }
        Poll::Pending
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}
