//! "Did you mean …?" for names a user typed: rule ids, categories and
//! subcommands that match nothing loaded. One place decides what is close
//! enough, so every message suggests alike.

/// The candidate closest to `name` by Damerau-Levenshtein distance, if one
/// is within a third of `name`'s length (at least one edit, as cargo
/// allows); else the one candidate that starts with `name` (`anonymous`
/// for `anonymous-source`), if only one does. Ties go to the candidate
/// first in byte order, so the answer never depends on the order the
/// candidates come in. `name` itself is never suggested.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let candidates: Vec<&str> = candidates
        .into_iter()
        .filter(|candidate| *candidate != name)
        .collect();
    let allowed = name.chars().count().max(3) / 3;
    let closest = candidates
        .iter()
        .map(|candidate| (strsim::damerau_levenshtein(name, candidate), *candidate))
        .filter(|(distance, _)| *distance <= allowed)
        .min()
        .map(|(_, candidate)| candidate);
    if closest.is_some() || name.is_empty() {
        return closest;
    }
    let mut extending = candidates.iter().filter(|c| c.starts_with(name));
    match (extending.next(), extending.next()) {
        (Some(only), None) => Some(only),
        _ => None,
    }
}

/// ` (did you mean `X`?)` to follow a name in a message, or nothing.
pub fn hint<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    did_you_mean(name, candidates)
        .map(|close| format!(" (did you mean `{close}`?)"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_near_miss_is_suggested_and_a_stranger_is_not() {
        let ids = [
            "anonymous.sources-say",
            "anonymous.reportedly",
            "wire.dateline",
        ];
        assert_eq!(
            did_you_mean("anonymous.source-say", ids),
            Some("anonymous.sources-say")
        );
        assert_eq!(
            did_you_mean("anonymous.reportdely", ids),
            Some("anonymous.reportedly")
        );
        assert_eq!(did_you_mean("nosuch", ids), None);
        assert_eq!(did_you_mean("anonymous.sources-say", ids), None);
        assert_eq!(did_you_mean("", ids), None);
        assert_eq!(did_you_mean("wire", ids), Some("wire.dateline"));
        assert_eq!(did_you_mean("anonymous", ids), None);
    }

    #[test]
    fn ties_go_to_the_first_in_byte_order() {
        assert_eq!(did_you_mean("cab", ["cbb", "caa"]), Some("caa"));
        assert_eq!(did_you_mean("cab", ["caa", "cbb"]), Some("caa"));
    }

    #[test]
    fn the_hint_reads_as_the_end_of_a_message() {
        assert_eq!(hint("garbeld", ["garbled"]), " (did you mean `garbled`?)");
        assert_eq!(hint("zzz", ["garbled"]), "");
    }
}
