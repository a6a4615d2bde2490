//! The forms library's file rules, shared by the editor's pages and the demo loader: which
//! documents are accepted (decided from the bytes) and how a version is fingerprinted.

use sha2::{Digest, Sha256};
use urp_store::NewFormVersion;

pub const FORM_MAX_BYTES: usize = 8 * 1024 * 1024;

/// The document types the library accepts, decided from the bytes: PDF, and the OpenDocument
/// and Office Open XML files (ZIP containers told apart by their first entries).
pub fn sniff_document(bytes: &[u8]) -> Option<&'static str> {
    match crate::intake::sniff(bytes)? {
        "application/pdf" => Some("application/pdf"),
        "application/zip" => sniff_zip(bytes),
        _ => None,
    }
}

fn sniff_zip(bytes: &[u8]) -> Option<&'static str> {
    // OpenDocument: the first entry is `mimetype`, stored uncompressed, holding the type.
    let name_len = usize::from(u16::from_le_bytes([*bytes.get(26)?, *bytes.get(27)?]));
    let extra_len = usize::from(u16::from_le_bytes([*bytes.get(28)?, *bytes.get(29)?]));
    let name = bytes.get(30..30 + name_len)?;
    if name == b"mimetype" {
        let data = bytes.get(30 + name_len + extra_len..)?;
        for t in ["application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.spreadsheet"] {
            if data.starts_with(t.as_bytes()) && !data[t.len()..].starts_with(b"-") {
                return Some(t);
            }
        }
        return None;
    }
    // Office Open XML: the package has `[Content_Types].xml` and a `word/` or `xl/` part.
    let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    if has(b"[Content_Types].xml") {
        if has(b"word/") {
            return Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        }
        if has(b"xl/") {
            return Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        }
    }
    None
}

/// A version ready to store: name sanitised, type detected from the bytes, SHA-256 computed.
/// `None` when the bytes are not a document the library accepts.
pub fn form_version(file_name: &str, bytes: Vec<u8>, note: Option<String>) -> Option<NewFormVersion> {
    let content_type = sniff_document(&bytes)?;
    Some(NewFormVersion {
        file_name: crate::intake::sanitize_file_name(file_name),
        content_type: content_type.into(),
        sha256: Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect(),
        bytes,
        note,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zip_entry(name: &str, data: &[u8]) -> Vec<u8> {
        let mut b = b"PK\x03\x04".to_vec();
        b.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        b.extend_from_slice(&u16::try_from(name.len()).unwrap().to_le_bytes());
        b.extend_from_slice(&0u16.to_le_bytes());
        b.extend_from_slice(name.as_bytes());
        b.extend_from_slice(data);
        b
    }

    #[test]
    fn documents_are_told_apart_by_content() {
        assert_eq!(sniff_document(b"%PDF-1.4 ..."), Some("application/pdf"));
        assert_eq!(
            sniff_document(&zip_entry("mimetype", b"application/vnd.oasis.opendocument.textPK")),
            Some("application/vnd.oasis.opendocument.text")
        );
        assert_eq!(
            sniff_document(&zip_entry("mimetype", b"application/vnd.oasis.opendocument.spreadsheet")),
            Some("application/vnd.oasis.opendocument.spreadsheet")
        );
        // A template (`-template`) or a drawing is not a form type we accept.
        assert_eq!(sniff_document(&zip_entry("mimetype", b"application/vnd.oasis.opendocument.text-template")), None);
        let mut docx = zip_entry("[Content_Types].xml", b"<Types/>");
        docx.extend(zip_entry("word/document.xml", b"<w/>"));
        assert_eq!(
            sniff_document(&docx),
            Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        );
        let mut xlsx = zip_entry("[Content_Types].xml", b"<Types/>");
        xlsx.extend(zip_entry("xl/workbook.xml", b"<x/>"));
        assert_eq!(sniff_document(&xlsx), Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
        assert_eq!(sniff_document(&zip_entry("foto.jpg", b"")), None, "a plain ZIP is refused");
        assert_eq!(sniff_document(b"\x89PNG\r\n\x1a\n"), None, "images are not forms");
        assert_eq!(sniff_document(b"MZ\x90\0"), None);
    }

    #[test]
    fn a_version_carries_its_fingerprint() {
        let v = form_version("../modulo.pdf", b"%PDF-1.4 x".to_vec(), None).unwrap();
        assert_eq!(v.file_name, "modulo.pdf");
        // sha256sum of the same bytes.
        assert_eq!(v.sha256, "fc022288f3e49d09353987de1c32fc1427bd2a8b3657a340e86efb8e34efe003");
        assert_eq!(v.content_type, "application/pdf");
        assert!(form_version("x.pdf", b"MZ".to_vec(), None).is_none());
    }
}
