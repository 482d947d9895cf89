//! What on the command line names a web page to fetch rather than a file:
//! read and fetch both ask, so the answer lives in one place.

/// True when `arg` names a URL to fetch rather than a file: it starts with
/// `http://` or `https://`, the scheme in any letter case.
pub fn is_url(arg: &str) -> bool {
    starts_with_ignore_case(arg, "http://") || starts_with_ignore_case(arg, "https://")
}

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}
