//! Command line and configuration: every setting is a flag with an `URP_*` environment
//! variable and a default that works with no set-up.

use crate::telemetry::LogFormat;
use anyhow::{Context, bail};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::Read as _;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use urp_domain::Role;
use urp_store::{ConnectOptions, Store, masked_url};
use urp_web::mail::{self, Mailer, SmtpConfig, SmtpSecurity};
use urp_web::provision::{self, TenantInput, UserInput};
use urp_web::{AppState, UnknownHost, WebConfig};

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/urp.db?mode=rwc";

#[derive(Parser, Debug)]
#[command(name = "urp", version, about = "URP — Ufficio per le Relazioni con il Pubblico", long_about = None)]
pub struct Cli {
    /// Database: sqlite://FILE (embedded, the default) or postgres://USER:PASSWORD@HOST/DB.
    #[arg(long, env = "URP_DATABASE_URL", default_value = DEFAULT_DATABASE_URL, global = true, hide_env_values = true)]
    pub database_url: String,

    /// Maximum database connections per server.
    #[arg(long, env = "URP_DB_MAX_CONNECTIONS", default_value_t = 16, global = true)]
    pub db_max_connections: u32,

    /// Log filter, e.g. `info` or `urp_web=debug,info`.
    #[arg(long, env = "URP_LOG", default_value = "info", global = true)]
    pub log: String,

    /// Log format.
    #[arg(long, env = "URP_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text, global = true)]
    pub log_format: LogFormat,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the web server (portal, staff screens, API).
    Serve(ServeArgs),
    /// Apply pending database migrations and exit.
    Migrate,
    /// Manage staff accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage enti (tenants).
    #[command(subcommand)]
    Tenant(TenantCommand),
    /// Load the demo comune (offices, topics, one account per role) if it is not there yet.
    Demo,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum UnknownHostArg {
    /// Serve the default ente.
    Default,
    /// Answer 404 Not Found.
    NotFound,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SecureCookies {
    /// Secure when the reverse proxy says the request came over HTTPS (needs --trust-proxy).
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SmtpSecurityArg {
    /// Plain text (a relay on the same machine or a trusted network only).
    None,
    /// STARTTLS, required.
    Starttls,
    /// TLS from the start (port 465).
    Tls,
}

/// A secret flag value: clap needs `Debug` on the arguments, the logs must not show it.
#[derive(Clone)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

impl std::str::FromStr for Secret {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Secret(s.to_string()))
    }
}

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "URP_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,

    /// Load the demo comune first when the database has no ente yet.
    #[arg(long, env = "URP_DEMO")]
    pub demo: bool,

    /// What a request for a host name that no ente claims gets.
    #[arg(long, env = "URP_UNKNOWN_HOST", value_enum, default_value_t = UnknownHostArg::Default)]
    pub unknown_host: UnknownHostArg,

    /// Trust X-Forwarded-For/-Proto/-Host from a reverse proxy in front of URP.
    #[arg(long, env = "URP_TRUST_PROXY")]
    pub trust_proxy: bool,

    /// When to mark cookies `Secure`.
    #[arg(long, env = "URP_SECURE_COOKIES", value_enum, default_value_t = SecureCookies::Auto)]
    pub secure_cookies: SecureCookies,

    /// Minutes of inactivity after which a staff session ends.
    #[arg(long, env = "URP_SESSION_IDLE_MINUTES", default_value_t = 480)]
    pub session_idle_minutes: u64,

    /// Seconds after which a request is abandoned.
    #[arg(long, env = "URP_REQUEST_TIMEOUT_SECS", default_value_t = 30)]
    pub request_timeout_secs: u64,

    /// Largest request body accepted, in MiB (uploads included).
    #[arg(long, env = "URP_BODY_LIMIT_MB", default_value_t = 10)]
    pub body_limit_mb: usize,

    /// Failed logins per e-mail within 15 minutes before further attempts are refused.
    #[arg(long, env = "URP_LOGIN_MAX_FAILURES", default_value_t = 5)]
    pub login_max_failures: i64,

    /// Case submissions per minute per client on the public portal and API (0: no limit).
    #[arg(long, env = "URP_INTAKE_RATE_LIMIT", default_value_t = 30)]
    pub intake_rate_limit: u32,

    /// Tile server of the map on the report form, with {z}, {x}, {y} (e.g.
    /// https://tile.openstreetmap.org/{z}/{x}/{y}.png); empty: no map, nothing requested from
    /// third parties (citizens give an address or their browser's position).
    #[arg(long, env = "URP_MAP_TILES_URL", default_value = "")]
    pub map_tiles_url: String,

    /// Credit line the tile provider's licence requires, shown on the map.
    #[arg(long, env = "URP_MAP_ATTRIBUTION", default_value = "")]
    pub map_attribution: String,

    /// Where the map opens: "latitude,longitude,zoom" (the comune's centre).
    #[arg(long, env = "URP_MAP_CENTER", default_value = "41.9,12.5,6")]
    pub map_center: String,

    /// SMTP server for e-mail to citizens; empty: nothing is sent and e-mails wait in the outbox.
    #[arg(long, env = "URP_SMTP_HOST", default_value = "")]
    pub smtp_host: String,

    /// SMTP port.
    #[arg(long, env = "URP_SMTP_PORT", default_value_t = 25)]
    pub smtp_port: u16,

    /// How the SMTP connection is protected.
    #[arg(long, env = "URP_SMTP_SECURITY", value_enum, default_value_t = SmtpSecurityArg::Starttls)]
    pub smtp_security: SmtpSecurityArg,

    /// SMTP user name (with --smtp-password), when the server asks for authentication.
    #[arg(long, env = "URP_SMTP_USERNAME")]
    pub smtp_username: Option<String>,

    /// SMTP password.
    #[arg(long, env = "URP_SMTP_PASSWORD", hide_env_values = true)]
    pub smtp_password: Option<Secret>,

    /// Sender of e-mail to citizens, e.g. "URP Comune di Valfiorita <urp@comune.valfiorita.it>".
    #[arg(long, env = "URP_MAIL_FROM", default_value = "")]
    pub mail_from: String,

    /// Address of the portal as citizens reach it, for the links in e-mails.
    #[arg(long, env = "URP_PUBLIC_URL", default_value = mail::DEFAULT_PUBLIC_URL)]
    pub public_url: String,

    /// Milliseconds between looks at the e-mail outbox.
    #[arg(long, env = "URP_OUTBOX_POLL_MS", default_value_t = 2000)]
    pub outbox_poll_ms: u64,
}

#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Create a staff account. The password is read from standard input (never a flag).
    Add(UserAddArgs),
    /// List the staff accounts of an ente.
    List(TenantSel),
}

#[derive(Args, Debug)]
pub struct TenantSel {
    /// The ente's slug; the default ente when omitted.
    #[arg(long, env = "URP_TENANT")]
    pub tenant: Option<String>,
}

#[derive(Args, Debug)]
pub struct UserAddArgs {
    #[arg(long)]
    pub email: String,
    #[arg(long)]
    pub name: String,
    /// admin, manager, front_office, back_office or referent; repeat for several.
    #[arg(long = "role", required = true)]
    pub roles: Vec<Role>,
    /// Office name; repeat for several.
    #[arg(long = "office")]
    pub offices: Vec<String>,
    /// Read the password from standard input (the first line).
    #[arg(long, required = true)]
    pub password_stdin: bool,
    #[command(flatten)]
    pub tenant: TenantSel,
}

#[derive(Subcommand, Debug)]
pub enum TenantCommand {
    /// Create an ente.
    Add(TenantAddArgs),
    /// List the enti.
    List,
}

#[derive(Args, Debug)]
pub struct TenantAddArgs {
    /// Short identifier, e.g. `valfiorita`.
    #[arg(long)]
    pub slug: String,
    /// Full name, e.g. "Comune di Valfiorita".
    #[arg(long)]
    pub name: String,
    /// Code in the Indice delle Pubbliche Amministrazioni, e.g. c_h501.
    #[arg(long)]
    pub ipa_code: String,
    /// Host name the ente's portal answers on; repeat for several.
    #[arg(long = "host")]
    pub hosts: Vec<String>,
    /// Patron saint's day as DD/MM.
    #[arg(long)]
    pub patron_day: Option<String>,
    /// Make this the default ente (served for unknown host names). The first ente always is.
    #[arg(long)]
    pub default: bool,
}

impl ServeArgs {
    pub fn web_config(&self) -> anyhow::Result<WebConfig> {
        let map = urp_web::map::MapConfig::parse(&self.map_tiles_url, &self.map_attribution, &self.map_center)
            .context("invalid map settings")?;
        Ok(WebConfig {
            unknown_host: match self.unknown_host {
                UnknownHostArg::Default => UnknownHost::Default,
                UnknownHostArg::NotFound => UnknownHost::NotFound,
            },
            secure_cookies: match self.secure_cookies {
                SecureCookies::Auto => None,
                SecureCookies::Always => Some(true),
                SecureCookies::Never => Some(false),
            },
            trust_proxy: self.trust_proxy,
            session_idle: Duration::from_secs(self.session_idle_minutes.max(1) * 60),
            request_timeout: Duration::from_secs(self.request_timeout_secs.max(1)),
            body_limit: self.body_limit_mb.max(1) * 1024 * 1024,
            login_max_failures: self.login_max_failures.max(1),
            intake_rate_limit: self.intake_rate_limit,
            map,
            ..WebConfig::default()
        })
    }

    /// The SMTP settings, or `None` when no SMTP host is set.
    pub fn smtp_config(&self) -> anyhow::Result<Option<SmtpConfig>> {
        if self.smtp_host.trim().is_empty() {
            return Ok(None);
        }
        if self.mail_from.trim().is_empty() {
            bail!("--smtp-host needs --mail-from (URP_MAIL_FROM), the sender of e-mail to citizens");
        }
        Ok(Some(SmtpConfig {
            host: self.smtp_host.trim().to_string(),
            port: self.smtp_port,
            security: match self.smtp_security {
                SmtpSecurityArg::None => SmtpSecurity::None,
                SmtpSecurityArg::Starttls => SmtpSecurity::StartTls,
                SmtpSecurityArg::Tls => SmtpSecurity::Tls,
            },
            username: self.smtp_username.clone().filter(|u| !u.is_empty()),
            password: self.smtp_password.clone().map(|p| p.0).filter(|p| !p.is_empty()),
            from: self.mail_from.trim().to_string(),
            public_url: self.public_url.clone(),
        }))
    }
}

async fn open_store(cli: &Cli) -> anyhow::Result<Arc<dyn Store>> {
    let mut opts = ConnectOptions::new(cli.database_url.clone());
    opts.max_connections = cli.db_max_connections.max(1);
    opts.acquire_timeout = Duration::from_secs(2);
    urp_store::connect(&opts)
        .await
        .map_err(|e| anyhow::anyhow!("cannot open database {}: {e}", masked_url(&cli.database_url)))
}

async fn tenant_of(store: &Arc<dyn Store>, sel: &TenantSel) -> anyhow::Result<urp_store::Tenant> {
    match &sel.tenant {
        Some(slug) => store.tenant_by_slug(slug).await?.with_context(|| format!("no ente with slug `{slug}`")),
        None => {
            store.default_tenant().await?.context("no default ente: create one with `urp tenant add` or `urp demo`")
        }
    }
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let store = open_store(&cli).await?;
    let result = match &cli.command {
        Command::Serve(args) => serve(store.clone(), args).await,
        Command::Migrate => {
            store.migrate().await?;
            println!("Database migrations are up to date ({}).", store.kind().name());
            Ok(())
        }
        Command::Demo => {
            let report = crate::demo::seed(&store).await?;
            report.print();
            Ok(())
        }
        Command::Tenant(TenantCommand::List) => {
            for t in store.list_tenants().await? {
                let default = if t.is_default { " (default)" } else { "" };
                println!("{}\t{}\t{}\t{}{default}", t.slug, t.data.name, t.data.ipa_code, t.hosts.join(","));
            }
            Ok(())
        }
        Command::Tenant(TenantCommand::Add(a)) => {
            let first = store.list_tenants().await?.is_empty();
            let t = provision::create_tenant(
                &store,
                &TenantInput {
                    slug: &a.slug,
                    name: &a.name,
                    ipa_code: &a.ipa_code,
                    hosts: &a.hosts,
                    patron_day: a.patron_day.as_deref(),
                    is_default: a.default || first,
                },
            )
            .await?;
            println!("Created ente `{}` ({}).", t.slug, t.data.name);
            Ok(())
        }
        Command::User(UserCommand::List(sel)) => {
            let t = tenant_of(&store, sel).await?;
            for u in store.list_users(t.id).await? {
                let roles: Vec<&str> = u.data.roles.iter().map(|r| r.code()).collect();
                let state = if u.data.active { "active" } else { "inactive" };
                println!("{}\t{}\t{}\t{state}", u.data.email, u.data.name, roles.join(","));
            }
            Ok(())
        }
        Command::User(UserCommand::Add(a)) => {
            let t = tenant_of(&store, &a.tenant).await?;
            let mut password = String::new();
            std::io::stdin().read_to_string(&mut password).context("cannot read the password from standard input")?;
            let password = password.lines().next().unwrap_or_default().to_string();
            if password.is_empty() {
                bail!("no password on standard input");
            }
            let u = provision::create_user(
                &store,
                t.id,
                &UserInput {
                    email: &a.email,
                    name: &a.name,
                    roles: &a.roles,
                    offices: &a.offices,
                    password: &password,
                },
            )
            .await?;
            println!("Created user {} in `{}`.", u.data.email, t.slug);
            Ok(())
        }
    };
    store.close().await;
    result
}

async fn serve(store: Arc<dyn Store>, args: &ServeArgs) -> anyhow::Result<()> {
    if args.demo && store.list_tenants().await?.is_empty() {
        let report = crate::demo::seed(&store).await?;
        report.print();
    }
    if store.default_tenant().await?.is_none() {
        tracing::warn!("no ente configured yet: run `urp tenant add …` or start with `--demo`");
    }
    // Bad e-mail or map settings stop the start, before anything listens.
    let web_config = args.web_config()?;
    let mailer = match args.smtp_config()? {
        Some(cfg) => Some((Mailer::new(&cfg).context("invalid e-mail settings")?, cfg)),
        None => None,
    };
    let listener =
        tokio::net::TcpListener::bind(args.bind).await.with_context(|| format!("cannot listen on {}", args.bind))?;
    let addr = listener.local_addr()?;
    let state = AppState::new(store.clone(), web_config);
    let housekeeping = tokio::spawn(housekeeping(store.clone()));
    // Digests and escalations: every server runs the worker; the jobs table makes each run
    // take effect once.
    let (jobs_stop, jobs_stopped) = tokio::sync::oneshot::channel::<()>();
    let jobs = tokio::spawn(urp_web::jobs::run_worker(store.clone(), Duration::from_secs(60), async move {
        let _ = jobs_stopped.await;
    }));
    let mail_worker = MailWorker::start(store.clone(), mailer, Duration::from_millis(args.outbox_poll_ms.max(50)));
    tracing::info!(%addr, database = store.kind().name(), "URP listening");
    println!("URP is ready on http://{addr}/ (staff sign-in: http://{addr}/accedi)");
    let served = urp_web::serve(listener, state, shutdown_signal()).await;
    housekeeping.abort();
    let _ = jobs_stop.send(());
    let _ = jobs.await;
    if let Some(w) = mail_worker {
        w.stop().await;
    }
    served?;
    tracing::info!("URP stopped");
    Ok(())
}

/// The outbox worker running beside the server.
struct MailWorker {
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<()>,
}

impl MailWorker {
    fn start(store: Arc<dyn Store>, mailer: Option<(Mailer, SmtpConfig)>, poll: Duration) -> Option<MailWorker> {
        let Some((mailer, cfg)) = mailer else {
            tracing::warn!("no SMTP host (--smtp-host, URP_SMTP_HOST): e-mails to citizens wait in the outbox");
            return None;
        };
        tracing::info!(host = %cfg.host, port = cfg.port, security = ?cfg.security, "e-mail through SMTP");
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(mail::run_outbox_worker(store, mailer, poll, async move {
            let _ = stopped.await;
        }));
        Some(MailWorker { stop, task })
    }

    /// Lets the message in hand finish; the SMTP time-outs bound the wait, and this bounds it
    /// again in case they do not. A message cut off here stays leased and is sent later.
    async fn stop(self) {
        let _ = self.stop.send(());
        let abort = self.task.abort_handle();
        if tokio::time::timeout(Duration::from_secs(75), self.task).await.is_err() {
            abort.abort();
            tracing::warn!("e-mail worker did not stop in time: aborted");
        }
    }
}

/// Expired sessions and old login failures are deleted hourly; every server may do it, the
/// statements are idempotent.
async fn housekeeping(store: Arc<dyn Store>) {
    let mut tick = tokio::time::interval(Duration::from_secs(3600));
    loop {
        tick.tick().await;
        let now = chrono::Utc::now();
        if let Err(e) = store.purge_expired_sessions(now).await {
            tracing::warn!(error = %e, "session clean-up failed");
        }
        if let Err(e) = store.purge_login_failures(now - chrono::Duration::days(1)).await {
            tracing::warn!(error = %e, "login-failure clean-up failed");
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutdown requested: draining requests");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_need_no_setup() {
        let cli = Cli::try_parse_from(["urp", "serve"]).unwrap();
        assert_eq!(cli.database_url, DEFAULT_DATABASE_URL);
        let Command::Serve(s) = cli.command else { panic!("serve") };
        assert_eq!(s.bind.to_string(), "127.0.0.1:8080");
        let c = s.web_config().unwrap();
        assert_eq!(c.map, None, "no tile server: no map");
        assert_eq!(c.unknown_host, UnknownHost::Default);
        assert_eq!(c.session_idle, Duration::from_secs(8 * 3600));
        assert_eq!(c.secure_cookies, None);
    }

    #[test]
    fn flags_parse() {
        let cli = Cli::try_parse_from([
            "urp",
            "--database-url",
            "postgres://u:p@h/db",
            "serve",
            "--bind",
            "0.0.0.0:9000",
            "--unknown-host",
            "not-found",
            "--secure-cookies",
            "always",
        ])
        .unwrap();
        assert_eq!(cli.database_url, "postgres://u:p@h/db");
        let Command::Serve(s) = cli.command else { panic!("serve") };
        assert_eq!(s.bind.port(), 9000);
        assert_eq!(s.web_config().unwrap().unknown_host, UnknownHost::NotFound);
        assert_eq!(s.web_config().unwrap().secure_cookies, Some(true));
    }

    #[test]
    fn map_flags() {
        let Command::Serve(s) = Cli::try_parse_from([
            "urp",
            "serve",
            "--map-tiles-url",
            "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
            "--map-center",
            "42.46,12.39,13",
        ])
        .unwrap()
        .command
        else {
            panic!("serve")
        };
        let map = s.web_config().unwrap().map.unwrap();
        assert_eq!((map.center_lat, map.center_lon, map.zoom), (42.46, 12.39, 13));
        let Command::Serve(s) =
            Cli::try_parse_from(["urp", "serve", "--map-tiles-url", "https://example.org/tile.png"]).unwrap().command
        else {
            panic!("serve")
        };
        assert!(s.web_config().is_err(), "a tile URL without {{z}}/{{x}}/{{y}} is refused");
    }

    #[test]
    fn smtp_flags() {
        let Command::Serve(s) = Cli::try_parse_from(["urp", "serve"]).unwrap().command else { panic!("serve") };
        assert!(s.smtp_config().unwrap().is_none(), "no host: no worker");
        assert_eq!((s.smtp_port, s.smtp_security, s.outbox_poll_ms), (25, SmtpSecurityArg::Starttls, 2000));
        assert_eq!(s.public_url, mail::DEFAULT_PUBLIC_URL);
        let cli = Cli::try_parse_from([
            "urp",
            "serve",
            "--smtp-host",
            "smtp.example.org",
            "--smtp-port",
            "465",
            "--smtp-security",
            "tls",
            "--smtp-username",
            "urp",
            "--smtp-password",
            "s3cret",
            "--mail-from",
            "URP <urp@example.org>",
            "--public-url",
            "https://urp.example.org",
        ])
        .unwrap();
        assert!(!format!("{cli:?}").contains("s3cret"));
        let Command::Serve(s) = cli.command else { panic!("serve") };
        let c = s.smtp_config().unwrap().unwrap();
        assert_eq!((c.port, c.security, c.password.as_deref()), (465, SmtpSecurity::Tls, Some("s3cret")));
        assert!(Mailer::new(&c).is_ok());
        let Command::Serve(s) = Cli::try_parse_from(["urp", "serve", "--smtp-host", "h"]).unwrap().command else {
            panic!("serve")
        };
        assert!(s.smtp_config().is_err(), "a sender is required");
    }

    #[test]
    fn user_add_requires_password_stdin_and_valid_roles() {
        assert!(
            Cli::try_parse_from(["urp", "user", "add", "--email", "a@b.it", "--name", "A", "--role", "admin"]).is_err()
        );
        assert!(
            Cli::try_parse_from([
                "urp",
                "user",
                "add",
                "--email",
                "a@b.it",
                "--name",
                "A",
                "--role",
                "boss",
                "--password-stdin"
            ])
            .is_err()
        );
        let cli = Cli::try_parse_from([
            "urp",
            "user",
            "add",
            "--email",
            "a@b.it",
            "--name",
            "A",
            "--role",
            "referent",
            "--role",
            "manager",
            "--office",
            "Tributi",
            "--password-stdin",
        ])
        .unwrap();
        let Command::User(UserCommand::Add(a)) = cli.command else { panic!("user add") };
        assert_eq!(a.roles, vec![Role::Referent, Role::Manager]);
        assert_eq!(a.offices, vec!["Tributi".to_string()]);
    }
}
