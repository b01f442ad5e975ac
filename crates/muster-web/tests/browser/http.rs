//! A plain HTTP client with a cookie jar: a browser without JavaScript.

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, Request, header};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

pub struct Http {
    client: Client<HttpConnector, Full<Bytes>>,
    base: String,
    jar: Mutex<BTreeMap<String, String>>,
}

#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: String,
}

impl Resp {
    pub fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    pub fn set_cookies(&self) -> Vec<&str> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect()
    }
}

/// The value of the first hidden `csrf` field of a page.
pub fn csrf(body: &str) -> String {
    let at = body.find("name=\"csrf\" value=\"").expect("a csrf field") + 19;
    body[at..at + body[at..].find('"').expect("end of value")].to_owned()
}

pub fn encode(pairs: &[(&str, &str)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

impl Http {
    pub fn new(base: &str) -> Http {
        Http {
            client: Client::builder(TokioExecutor::new()).build_http(),
            base: base.to_owned(),
            jar: Mutex::new(BTreeMap::new()),
        }
    }

    fn cookie_header(&self) -> String {
        self.jar
            .lock()
            .unwrap()
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    pub fn cookie(&self, name: &str) -> Option<String> {
        self.jar.lock().unwrap().get(name).cloned()
    }

    pub fn set_cookie(&self, name: &str, value: &str) {
        self.jar.lock().unwrap().insert(name.into(), value.into());
    }

    fn keep(&self, headers: &HeaderMap) {
        let mut jar = self.jar.lock().unwrap();
        for v in headers.get_all(header::SET_COOKIE) {
            let v = v.to_str().unwrap();
            let (pair, attrs) = v.split_once(';').unwrap_or((v, ""));
            let (name, value) = pair.split_once('=').unwrap();
            if attrs.contains("Max-Age=0") {
                jar.remove(name);
            } else {
                jar.insert(name.to_owned(), value.to_owned());
            }
        }
    }

    pub async fn send(
        &self,
        method: Method,
        path: &str,
        body: String,
        extra: &[(&str, &str)],
    ) -> Resp {
        let mut req = Request::builder()
            .method(method)
            .uri(format!("{}{}", self.base, path))
            .header(header::COOKIE, self.cookie_header());
        if !extra
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case("content-type"))
        {
            req = req.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        }
        for (k, v) in extra {
            req = req.header(*k, *v);
        }
        let res = self
            .client
            .request(req.body(Full::new(Bytes::from(body))).unwrap())
            .await
            .expect("request");
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        self.keep(&headers);
        let bytes = res.into_body().collect().await.expect("body").to_bytes();
        Resp {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    pub async fn get(&self, path: &str) -> Resp {
        self.send(Method::GET, path, String::new(), &[]).await
    }

    pub async fn post(&self, path: &str, pairs: &[(&str, &str)]) -> Resp {
        self.send(Method::POST, path, encode(pairs), &[]).await
    }

    /// Signs in through the sign-in form, as a browser would.
    pub async fn sign_in(&self, email: &str, password: &str) -> Resp {
        self.sign_in_with(email, password, &[]).await
    }

    /// [`Http::sign_in`], sending `extra` headers too (a proxy's
    /// `X-Forwarded-For`).
    pub async fn sign_in_with(&self, email: &str, password: &str, extra: &[(&str, &str)]) -> Resp {
        let page = self.get("/signin").await;
        assert_eq!(page.status, 200);
        let token = csrf(&page.body);
        let body = encode(&[
            ("csrf", &token),
            ("email", email),
            ("password", password),
            ("next", "/"),
        ]);
        self.send(Method::POST, "/signin", body, extra).await
    }

    /// The status and headers of a GET, without reading the body (a live
    /// stream's never ends).
    pub async fn head_of(&self, path: &str) -> (u16, HeaderMap) {
        let req = Request::builder()
            .uri(format!("{}{}", self.base, path))
            .header(header::COOKIE, self.cookie_header());
        let res = self
            .client
            .request(req.body(Full::new(Bytes::new())).unwrap())
            .await
            .expect("request");
        (res.status().as_u16(), res.headers().clone())
    }

    /// Reads a live stream until `needle` shows up (or `timeout` passes).
    pub async fn stream_until(
        &self,
        path: &str,
        extra: &[(&str, &str)],
        needle: &str,
        timeout: Duration,
    ) -> String {
        let mut req = Request::builder()
            .uri(format!("{}{}", self.base, path))
            .header(header::COOKIE, self.cookie_header());
        for (k, v) in extra {
            req = req.header(*k, *v);
        }
        let res = self
            .client
            .request(req.body(Full::new(Bytes::new())).unwrap())
            .await
            .expect("request");
        assert_eq!(res.status().as_u16(), 200, "stream status");
        let mut body = res.into_body();
        let mut seen = String::new();
        let _ = tokio::time::timeout(timeout, async {
            while let Some(frame) = body.frame().await {
                if let Ok(data) = frame.expect("frame").into_data() {
                    seen.push_str(&String::from_utf8_lossy(&data));
                    if seen.contains(needle) {
                        break;
                    }
                }
            }
        })
        .await;
        seen
    }
}
