//! Who the client is, for throttling sign-in guesses. Behind a load balancer
//! every connection comes from the balancer, so its address says nothing; the
//! balancer names the client in a header (`X-Forwarded-For` by default). That
//! header is believed only from the proxies the operator listed
//! (`trusted_proxies`): anyone else could write any address into it. The
//! client is the right-most address in the header that is not one of those
//! proxies, since each proxy appends the address it saw and only the entries
//! our own proxies added can be trusted.

use axum::extract::FromRequestParts;
use axum::extract::connect_info::ConnectInfo;
use axum::http::HeaderMap;
use axum::http::header::HeaderName;
use axum::http::request::Parts;
use ipnet::IpNet;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

/// How the client's address is found: the connection's peer, or, when the
/// peer is a trusted proxy, the header it names the client in.
#[derive(Debug, Clone)]
pub struct ClientAddress {
    trusted: Vec<IpNet>,
    header: HeaderName,
}

impl Default for ClientAddress {
    /// No proxy is trusted: the peer is the client.
    fn default() -> Self {
        ClientAddress {
            trusted: Vec::new(),
            header: HeaderName::from_static("x-forwarded-for"),
        }
    }
}

impl ClientAddress {
    /// `trusted`: addresses or networks (`10.0.0.0/8`, `2001:db8::/32`,
    /// `192.0.2.10`); `header`: the header they name the client in.
    pub fn new(trusted: &[String], header: &str) -> Result<ClientAddress, String> {
        let trusted = trusted
            .iter()
            .map(|t| {
                let t = t.trim();
                t.parse::<IpNet>()
                    .or_else(|_| t.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| {
                        format!("trusted_proxies: `{t}` is not an IP address or network (CIDR)")
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let header = HeaderName::from_bytes(header.trim().as_bytes())
            .map_err(|_| format!("client_address_header: `{header}` is not a header name"))?;
        Ok(ClientAddress { trusted, header })
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        self.trusted.iter().any(|net| net.contains(&ip))
    }

    /// The client of a request that came over a connection from `peer`.
    pub fn client(&self, peer: Option<IpAddr>, headers: &HeaderMap) -> Option<IpAddr> {
        let peer = peer?.to_canonical();
        if !self.trusts(peer) {
            return Some(peer);
        }
        let hops: Vec<&str> = headers
            .get_all(&self.header)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .collect();
        let mut client = peer;
        for hop in hops.iter().rev() {
            // Beyond an entry we cannot read, nothing is ours: the last
            // trusted proxy is as far as we know.
            let Some(ip) = parse_hop(hop) else {
                break;
            };
            client = ip;
            if !self.trusts(ip) {
                break;
            }
        }
        Some(client)
    }
}

/// An address as proxies write it: `192.0.2.1`, `2001:db8::1`, with a port
/// (`192.0.2.1:443`, `[2001:db8::1]:443`) or in brackets.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    hop.parse::<IpAddr>()
        .ok()
        .or_else(|| hop.parse::<SocketAddr>().ok().map(|s| s.ip()))
        .or_else(|| {
            hop.strip_prefix('[')
                .and_then(|h| h.strip_suffix(']'))
                .and_then(|h| h.parse().ok())
        })
        .map(|ip: IpAddr| ip.to_canonical())
}

/// The client's address, as [`ClientAddress`] finds it (`None` when the
/// server was started without connection info).
pub struct Client(pub Option<IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for Client {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Infallible> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        let rule = parts.extensions.get::<Arc<ClientAddress>>();
        let client = match rule {
            Some(rule) => rule.client(peer, &parts.headers),
            None => ClientAddress::default().client(peer, &parts.headers),
        };
        Ok(Client(client))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("ip")
    }

    fn xff(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append("x-forwarded-for", HeaderValue::from_str(v).expect("value"));
        }
        h
    }

    #[test]
    fn the_header_is_ignored_from_an_untrusted_peer() {
        let rule = ClientAddress::default();
        let h = xff(&["203.0.113.5"]);
        assert_eq!(
            rule.client(Some(ip("198.51.100.1")), &h),
            Some(ip("198.51.100.1"))
        );
    }

    #[test]
    fn the_right_most_untrusted_hop_is_the_client() {
        let rule = ClientAddress::new(
            &["10.0.0.0/8".into(), "192.0.2.10".into()],
            "X-Forwarded-For",
        )
        .expect("rule");
        // A client that forged its own entry, then the real one, then our proxies.
        let h = xff(&["1.2.3.4, 203.0.113.5", "10.1.1.1"]);
        assert_eq!(
            rule.client(Some(ip("192.0.2.10")), &h),
            Some(ip("203.0.113.5"))
        );
        // Only our proxies: the left-most is as far as it goes.
        let h = xff(&["10.2.2.2"]);
        assert_eq!(rule.client(Some(ip("10.0.0.1")), &h), Some(ip("10.2.2.2")));
        // No header: the proxy itself.
        assert_eq!(
            rule.client(Some(ip("10.0.0.1")), &HeaderMap::new()),
            Some(ip("10.0.0.1"))
        );
        // Garbage stops the walk at the last trusted hop.
        let h = xff(&["203.0.113.5, nonsense, 10.3.3.3"]);
        assert_eq!(rule.client(Some(ip("10.0.0.1")), &h), Some(ip("10.3.3.3")));
        // Ports and brackets as some proxies write them.
        let h = xff(&["[2001:db8::7]:4711"]);
        assert_eq!(
            rule.client(Some(ip("10.0.0.1")), &h),
            Some(ip("2001:db8::7"))
        );
    }

    #[test]
    fn another_header_can_be_named_and_bad_settings_name_the_setting() {
        let rule = ClientAddress::new(&["127.0.0.1".into()], "X-Real-IP").expect("rule");
        let mut h = HeaderMap::new();
        h.insert("x-real-ip", HeaderValue::from_static("203.0.113.9"));
        h.insert("x-forwarded-for", HeaderValue::from_static("198.51.100.3"));
        assert_eq!(
            rule.client(Some(ip("127.0.0.1")), &h),
            Some(ip("203.0.113.9"))
        );
        let err = ClientAddress::new(&["10.0.0.0/33".into()], "X-Forwarded-For").expect_err("bad");
        assert!(
            err.contains("trusted_proxies") && err.contains("10.0.0.0/33"),
            "{err}"
        );
        let err = ClientAddress::new(&[], "bad header").expect_err("bad");
        assert!(err.contains("client_address_header"), "{err}");
    }
}
