#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatabaseKind {
    Sqlite,
    Postgres,
}

impl DatabaseKind {
    pub fn of(url: &str) -> Option<Self> {
        let scheme = url.split_once(':')?.0.to_ascii_lowercase();
        match scheme.as_str() {
            "sqlite" => Some(DatabaseKind::Sqlite),
            "postgres" | "postgresql" => Some(DatabaseKind::Postgres),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            DatabaseKind::Sqlite => "sqlite",
            DatabaseKind::Postgres => "postgres",
        }
    }
}

/// The URL with any password replaced by `***`, fit for logs and error messages.
pub fn masked_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            // Only fails for URLs that cannot have credentials, which this one evidently has.
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        Ok(_) => url.to_string(),
        // Unparseable: do not echo anything that might be a secret after the scheme's `@`.
        Err(_) => match url.rsplit_once('@') {
            Some((_, host)) => format!("***@{host}"),
            None => url.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        assert_eq!(DatabaseKind::of("sqlite://data/urp.db?mode=rwc"), Some(DatabaseKind::Sqlite));
        assert_eq!(DatabaseKind::of("postgres://u@h/db"), Some(DatabaseKind::Postgres));
        assert_eq!(DatabaseKind::of("PostgreSQL://u@h/db"), Some(DatabaseKind::Postgres));
        assert_eq!(DatabaseKind::of("mysql://u@h/db"), None);
        assert_eq!(DatabaseKind::of("nonsense"), None);
    }

    #[test]
    fn passwords_are_masked() {
        let m = masked_url("postgres://urp:s3cret@db.example:5432/urp");
        assert!(!m.contains("s3cret"), "{m}");
        assert!(m.contains("***"));
        assert_eq!(masked_url("sqlite://data/urp.db"), "sqlite://data/urp.db");
    }
}
