//! The optional map on the report form. An ente that has a tile server (its region's, a
//! commercial one, or OpenStreetMap's within its usage policy) configures its URL; without one
//! the form offers the address field and the browser's position only, and no request ever
//! leaves for a third party.

/// Where the map's tiles come from and where it opens.
#[derive(Debug, Clone, PartialEq)]
pub struct MapConfig {
    /// Tile URL template with `{z}`, `{x}`, `{y}` (and optionally `{s}`), e.g.
    /// `https://tile.openstreetmap.org/{z}/{x}/{y}.png`.
    pub tiles_url: String,
    /// Credit line required by the tile provider's licence, shown on the map.
    pub attribution: String,
    pub center_lat: f64,
    pub center_lon: f64,
    pub zoom: u8,
    /// The tile server's origin, added to the Content-Security-Policy's `img-src`.
    pub origin: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MapConfigError {
    #[error("the tile URL must be an http(s) URL with {{z}}, {{x}} and {{y}} in it")]
    BadTilesUrl,
    #[error("the map centre must be \"latitude,longitude,zoom\" (e.g. 42.46,12.39,13)")]
    BadCenter,
}

impl MapConfig {
    /// Checks the settings; an empty tile URL means no map.
    pub fn parse(tiles_url: &str, attribution: &str, center: &str) -> Result<Option<MapConfig>, MapConfigError> {
        let tiles_url = tiles_url.trim();
        if tiles_url.is_empty() {
            return Ok(None);
        }
        if !["{z}", "{x}", "{y}"].iter().all(|p| tiles_url.contains(p)) {
            return Err(MapConfigError::BadTilesUrl);
        }
        let sample = tiles_url
            .replace("{s}", "a")
            .replace("{z}", "1")
            .replace("{x}", "1")
            .replace("{y}", "1")
            .replace("{r}", "");
        let parsed = url::Url::parse(&sample).map_err(|_| MapConfigError::BadTilesUrl)?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
            return Err(MapConfigError::BadTilesUrl);
        }
        // With `{s}` the tiles come from several sub-domains: allow them all.
        let host = parsed.host_str().unwrap_or_default();
        let host = match tiles_url.contains("{s}") {
            true => host.split_once('.').map_or_else(|| host.to_string(), |(_, rest)| format!("*.{rest}")),
            false => host.to_string(),
        };
        let origin = match parsed.port() {
            Some(p) => format!("{}://{host}:{p}", parsed.scheme()),
            None => format!("{}://{host}", parsed.scheme()),
        };
        let (center_lat, center_lon, zoom) = parse_center(center)?;
        Ok(Some(MapConfig {
            tiles_url: tiles_url.to_string(),
            attribution: attribution.trim().to_string(),
            center_lat,
            center_lon,
            zoom,
            origin,
        }))
    }
}

fn parse_center(s: &str) -> Result<(f64, f64, u8), MapConfigError> {
    let parts: Vec<&str> = s.split(',').map(str::trim).collect();
    let [lat, lon, zoom] = parts.as_slice() else {
        return Err(MapConfigError::BadCenter);
    };
    let lat: f64 = lat.parse().map_err(|_| MapConfigError::BadCenter)?;
    let lon: f64 = lon.parse().map_err(|_| MapConfigError::BadCenter)?;
    let zoom: u8 = zoom.parse().map_err(|_| MapConfigError::BadCenter)?;
    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) || zoom > 19 {
        return Err(MapConfigError::BadCenter);
    }
    Ok((lat, lon, zoom))
}

/// The Content-Security-Policy: nothing from other origins except, when a map is configured,
/// its tiles.
pub fn content_security_policy(map: Option<&MapConfig>) -> String {
    let img = match map {
        Some(m) => format!("img-src 'self' data: {}", m.origin),
        None => "img-src 'self' data:".to_string(),
    };
    format!(
        "default-src 'self'; script-src 'self'; style-src 'self'; {img}; font-src 'self'; connect-src 'self'; \
         object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_url_no_map() {
        assert_eq!(MapConfig::parse("  ", "", "nonsense"), Ok(None));
    }

    #[test]
    fn origin_of_the_tiles_goes_into_the_policy() {
        let m =
            MapConfig::parse("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "© OpenStreetMap", "42.46, 12.39, 13")
                .unwrap()
                .unwrap();
        assert_eq!(m.origin, "https://tile.openstreetmap.org");
        assert_eq!((m.center_lat, m.center_lon, m.zoom), (42.46, 12.39, 13));
        let csp = content_security_policy(Some(&m));
        assert!(csp.contains("img-src 'self' data: https://tile.openstreetmap.org;"), "{csp}");
        assert!(!content_security_policy(None).contains("openstreetmap"));
    }

    #[test]
    fn subdomains_and_ports() {
        let m = MapConfig::parse("https://{s}.tiles.example.it/{z}/{x}/{y}.png", "", "45,9,10").unwrap().unwrap();
        assert_eq!(m.origin, "https://*.tiles.example.it");
        let m = MapConfig::parse("http://127.0.0.1:8088/t/{z}/{x}/{y}.png", "", "45,9,10").unwrap().unwrap();
        assert_eq!(m.origin, "http://127.0.0.1:8088");
    }

    #[test]
    fn bad_settings_are_refused() {
        assert_eq!(
            MapConfig::parse("https://tiles.example.it/tile.png", "", "45,9,10"),
            Err(MapConfigError::BadTilesUrl)
        );
        assert_eq!(MapConfig::parse("ftp://x/{z}/{x}/{y}", "", "45,9,10"), Err(MapConfigError::BadTilesUrl));
        assert_eq!(MapConfig::parse("javascript:{z}{x}{y}", "", "45,9,10"), Err(MapConfigError::BadTilesUrl));
        assert_eq!(MapConfig::parse("https://t.example/{z}/{x}/{y}", "", "95,9,10"), Err(MapConfigError::BadCenter));
        assert_eq!(MapConfig::parse("https://t.example/{z}/{x}/{y}", "", "45,9"), Err(MapConfigError::BadCenter));
    }
}
