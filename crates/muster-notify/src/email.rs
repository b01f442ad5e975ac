//! Email over SMTP (lettre on rustls with the ring provider).

use crate::settings::{SmtpSecurity, SmtpSettings};
use anyhow::Context;
use lettre::message::{Mailbox, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Mailer {
    pub fn new(s: &SmtpSettings) -> anyhow::Result<Mailer> {
        let builder = match s.security {
            SmtpSecurity::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&s.host),
            SmtpSecurity::StartTls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&s.host)
                .context("setting up STARTTLS")?,
            SmtpSecurity::Tls => {
                AsyncSmtpTransport::<Tokio1Executor>::relay(&s.host).context("setting up TLS")?
            }
        };
        let mut builder = builder.port(s.port);
        if let (Some(u), Some(p)) = (&s.username, &s.password) {
            builder = builder.credentials(Credentials::new(u.clone(), p.clone()));
        }
        Ok(Mailer {
            transport: builder.build(),
            from: s
                .from
                .parse()
                .with_context(|| format!("MUSTER_SMTP_FROM {:?} is not an address", s.from))?,
        })
    }

    /// Sends one message to every recipient, each as Bcc so that external
    /// recipients never see one another; the Message-ID on success.
    pub async fn send(
        &self,
        to: &[String],
        subject: &str,
        body: &str,
        message_id: &str,
    ) -> anyhow::Result<()> {
        let mut m = Message::builder()
            .from(self.from.clone())
            .to(self.from.clone())
            .subject(subject)
            .message_id(Some(message_id.to_owned()))
            .header(ContentType::TEXT_PLAIN);
        for r in to {
            let mailbox: Mailbox = r
                .parse()
                .with_context(|| format!("{r:?} is not an email address"))?;
            m = m.bcc(mailbox);
        }
        let message = m.body(body.to_owned()).context("building the message")?;
        self.transport
            .send(message)
            .await
            .context("sending over SMTP")?;
        Ok(())
    }
}
