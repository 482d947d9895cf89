//! Trains the attribution tagger (`credence_core::attribution::tagger`) on
//! PolNeAR's train split and picks the number of epochs on its dev split,
//! then writes the model that credence embeds. Reading the corpus is this
//! program's job, so the analysis crate stays free of I/O.
//!
//! ```text
//! cargo run --release -p credence-train -- \
//!     --polnear ../shared/corpus/polnear \
//!     --out crates/credence-core/models/attribution-tagger.bin
//! ```
//!
//! Gold is the first `.ann` file of each article in sorted order (PolNeAR's
//! MANIFEST). Offsets in `.ann` are characters; credence's are bytes, so
//! they are converted here. The test split is never read.

use clap::Parser;
use credence_core::attribution::pos;
use credence_core::attribution::tagger::{self, Label, Role, Sentence, Tagger, Trainer};
use credence_core::{Document, RuleSet};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(about = "Train credence's attribution tagger on PolNeAR")]
struct Args {
    /// PolNeAR's folder (with train/ and dev/).
    #[arg(long)]
    polnear: PathBuf,
    /// Where to write the chosen model.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Epochs to try; the one with the best dev figure is kept.
    #[arg(long, default_value_t = 12)]
    epochs: usize,
    /// Hash width: features go into 2^bits buckets.
    #[arg(long, default_value_t = 20)]
    bits: u8,
    /// Hash width of the part-of-speech tagger.
    #[arg(long, default_value_t = 18)]
    pos_bits: u8,
    /// Epochs of the part-of-speech tagger.
    #[arg(long, default_value_t = 5)]
    pos_epochs: usize,
    /// Train a second pass on the first pass's tags.
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set)]
    stack: bool,
    /// Where to write the second-pass model.
    #[arg(long)]
    stack_out: Option<PathBuf>,
    /// Where to write the words that were cues in train, with counts.
    #[arg(long)]
    cue_words_out: Option<PathBuf>,
    /// Where to write the part-of-speech model.
    #[arg(long)]
    pos_out: Option<PathBuf>,
    /// Share of training articles also learned lower-cased (and half that
    /// share upper-cased), so capitals are not the only signal.
    #[arg(long, default_value_t = 0.1)]
    case_augment: f64,
    /// Seed of the order in which articles are learned.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// What to choose the epoch on: `dev`, or `internal` (train on the
    /// train split's articles dated before 2016-08-08, validate on the rest
    /// of it, so feature work never looks at dev).
    #[arg(long, default_value = "dev")]
    validate: String,
    /// Give the attribution tagger part-of-speech features.
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set)]
    use_pos: bool,
    /// Print this many wrong source spans of the validation set.
    #[arg(long, default_value_t = 0)]
    show_errors: usize,
    /// Instead of training, write the tokens of PolNeAR's train texts and of
    /// every `.txt` file under each `--unlabelled` folder to this file, one
    /// sentence a line, lower-cased, as the tagger sees them: the input of
    /// `scripts/word-clusters`.
    #[arg(long)]
    tokens_out: Option<PathBuf>,
    /// A folder of unlabelled articles for `--tokens-out`; repeatable.
    #[arg(long)]
    unlabelled: Vec<PathBuf>,
}

/// Train articles dated on or after this day form the internal validation set.
const INTERNAL_CUT: &str = "2016-08-08";

fn date_of(name: &str) -> &str {
    name.split('_').nth(1).unwrap_or("")
}

/// One gold span: role, byte range, and an id shared by the pieces of
/// nothing else (each piece of a discontinuous span has its own).
#[derive(Debug, Clone, Copy)]
struct Span {
    role: Role,
    start: usize,
    end: usize,
    id: usize,
}

struct Article {
    name: String,
    text: String,
    sentences: Vec<(Sentence, Vec<Label>)>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("credence-train: {message}");
            ExitCode::from(2)
        }
    }
}

/// An article as read: its text, gold attribution spans and, where PolNeAR
/// has them, CoreNLP's silver part-of-speech tags by byte range.
struct Raw {
    name: String,
    copy: bool,
    text: String,
    spans: Vec<Span>,
    pos: Vec<(usize, usize, Label)>,
}

type Examples = Vec<(Sentence, Vec<Label>)>;

fn run(args: &Args) -> Result<(), String> {
    let rules = RuleSet::builtin().map_err(|e| e.to_string())?;
    let model = &rules.attribution;
    if let Some(out) = &args.tokens_out {
        return write_tokens(&args.polnear, &args.unlabelled, model, out);
    }
    let (train, dev) = match args.validate.as_str() {
        "dev" => (
            load_split(&args.polnear, "train", args, true)?,
            load_split(&args.polnear, "dev", args, false)?,
        ),
        "internal" => {
            let all = load_split(&args.polnear, "train", args, true)?;
            let (validation, train): (Vec<Raw>, Vec<Raw>) = all
                .into_iter()
                .partition(|a| date_of(&a.name) >= INTERNAL_CUT);
            // Case copies are for learning only.
            let validation = validation.into_iter().filter(|a| !a.copy).collect();
            (train, validation)
        }
        other => return Err(format!("--validate {other}: expected dev or internal")),
    };
    eprintln!(
        "train: {} articles (with case copies); validation ({}): {} articles",
        train.len(),
        args.validate,
        dev.len()
    );
    // Part of speech: a model per half of train tags the other half, so the
    // attribution tagger learns from tags as noisy as it will see.
    let pos_train: Vec<Examples> = train
        .par_iter()
        .map(|a| pos_examples(a, model, args))
        .collect();
    let pos_dev: Vec<Examples> = dev
        .par_iter()
        .map(|a| pos_examples(a, model, args))
        .collect();
    let pos_all = train_pos(&pos_train, |_| true, args);
    eprintln!(
        "part of speech: validation accuracy {:.4} against CoreNLP's tags",
        pos_accuracy(&pos_all, &pos_dev)
    );
    let halves = [
        train_pos(&pos_train, |k| k % 2 == 1, args),
        train_pos(&pos_train, |k| k % 2 == 0, args),
    ];
    let train: Vec<Article> = train
        .par_iter()
        .enumerate()
        .map(|(k, raw)| article(raw, model, args.use_pos.then_some(&halves[k % 2]), args))
        .collect();
    let dev: Vec<Article> = dev
        .par_iter()
        .map(|raw| article(raw, model, args.use_pos.then_some(&pos_all), args))
        .collect();
    let (first, epoch) = fit(&train, &dev, args, "first pass");
    eprintln!("first pass: chosen epoch {epoch}");
    let mut second = None;
    if args.stack {
        // The second pass learns from first-pass tags of articles the first
        // pass did not learn from: a model per half tags the other half.
        let halves: Vec<Tagger> = (0..2)
            .map(|h| {
                let half: Vec<&Article> = train
                    .iter()
                    .enumerate()
                    .filter(|(k, _)| k % 2 != h)
                    .map(|(_, a)| a)
                    .collect();
                fit_fixed(&half, epoch, args)
            })
            .collect();
        let train2: Vec<Article> = train
            .par_iter()
            .enumerate()
            .map(|(k, a)| stack(a, &halves[k % 2], args.bits))
            .collect();
        let dev2: Vec<Article> = dev
            .par_iter()
            .map(|a| stack(a, &first, args.bits))
            .collect();
        let (model, epoch2) = fit(&train2, &dev2, args, "second pass");
        eprintln!("second pass: chosen epoch {epoch2}");
        show_errors(&model, &dev2, args.show_errors);
        second = Some(model);
    } else {
        show_errors(&first, &dev, args.show_errors);
    }
    let mut uses: BTreeMap<String, (u32, u32)> = BTreeMap::new();
    for article in &train {
        for (sentence, gold) in &article.sentences {
            for (&(s, e), &label) in sentence.tokens.iter().zip(gold) {
                let entry = uses.entry(article.text[s..e].to_lowercase()).or_default();
                entry.1 += 1;
                if Role::of(label) == Some(Role::Cue) {
                    entry.0 += 1;
                }
            }
        }
    }
    let cue_words: String = uses
        .iter()
        .filter(|(word, (cues, _))| *cues >= 2 && !word.contains(['\t', '\n']))
        .map(|(word, (cues, all))| format!("{word}\t{cues}\t{all}\n"))
        .collect();
    for (path, bytes) in [
        (&args.cue_words_out, cue_words.into_bytes()),
        (&args.out, first.to_bytes(tagger::FEATURES_VERSION)),
        (
            &args.stack_out,
            second
                .as_ref()
                .map_or_else(Vec::new, |m| m.to_bytes(tagger::STACK_FEATURES_VERSION)),
        ),
        (&args.pos_out, pos_all.to_bytes(pos::FEATURES_VERSION)),
    ] {
        if bytes.is_empty() {
            continue;
        }
        if let Some(path) = path {
            std::fs::write(path, &bytes).map_err(|e| format!("{}: {e}", path.display()))?;
            eprintln!("wrote {} ({} bytes)", path.display(), bytes.len());
        }
    }
    Ok(())
}

/// The `.txt` files under `dir`, recursively, in sorted order.
fn text_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            text_files(&path, out)?;
        } else if path.extension().is_some_and(|x| x == "txt") {
            out.push(path);
        }
    }
    Ok(())
}

/// Write the lower-cased tokens of PolNeAR train and the unlabelled
/// folders, one sentence a line, in the sorted order of the files. Dev and
/// test are never read: word clusters learned from them would carry their
/// words into the features the models are chosen with.
fn write_tokens(
    polnear: &Path,
    unlabelled: &[PathBuf],
    model: &credence_core::attribution::AttributionModel,
    out: &Path,
) -> Result<(), String> {
    let mut files = Vec::new();
    text_files(&polnear.join("train").join("text"), &mut files)?;
    for dir in unlabelled {
        text_files(dir, &mut files)?;
    }
    let chunks: Vec<String> = files
        .par_iter()
        .map(|path| {
            let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
            let text = String::from_utf8_lossy(&bytes);
            let doc = Document::new(path.display().to_string(), text.as_ref());
            let mut chunk = String::new();
            for input in model.tagger_input(&doc, None, 8, 8) {
                let words: Vec<String> = input
                    .pos
                    .tokens
                    .iter()
                    .map(|&(s, e)| doc.text[s..e].to_lowercase())
                    .filter(|w| !w.contains(char::is_whitespace))
                    .collect();
                if !words.is_empty() {
                    chunk.push_str(&words.join(" "));
                    chunk.push('\n');
                }
            }
            Ok(chunk)
        })
        .collect::<Result<_, String>>()?;
    std::fs::write(out, chunks.concat()).map_err(|e| format!("{}: {e}", out.display()))?;
    eprintln!(
        "wrote the tokens of {} files to {}",
        files.len(),
        out.display()
    );
    Ok(())
}

/// Sentences of one article for the part-of-speech tagger, each token
/// tagged with the silver tag of the CoreNLP token its start falls in.
/// Train the attribution tagger, keeping the epoch with the best mean
/// source and cue span F1 on `dev`.
fn fit(train: &[Article], dev: &[Article], args: &Args, what: &str) -> (Tagger, usize) {
    let mut trainer = Trainer::new(args.bits, tagger::Scheme::Attribution);
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut rng = args.seed.max(1);
    let mut best: Option<(f64, usize, Tagger)> = None;
    for epoch in 1..=args.epochs {
        learn_epoch(&mut trainer, &mut order, &mut rng, |i| &train[i].sentences);
        let averaged = trainer.averaged();
        let figures = evaluate(&averaged, dev);
        let selection = (figures[&Role::Source].f1() + figures[&Role::Cue].f1()) / 2.0;
        eprintln!(
            "{what}, epoch {epoch:2}: exact span F1 source {:.3} (P {:.3} R {:.3}), cue {:.3}, content {:.3}",
            figures[&Role::Source].f1(),
            figures[&Role::Source].precision(),
            figures[&Role::Source].recall(),
            figures[&Role::Cue].f1(),
            figures[&Role::Content].f1(),
        );
        if best.as_ref().is_none_or(|(score, _, _)| selection > *score) {
            best = Some((selection, epoch, averaged));
        }
    }
    match best {
        Some((_, epoch, model)) => (model, epoch),
        None => (trainer.averaged(), 0),
    }
}

fn fit_fixed(train: &[&Article], epochs: usize, args: &Args) -> Tagger {
    let mut trainer = Trainer::new(args.bits, tagger::Scheme::Attribution);
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut rng = args.seed.max(1);
    for _ in 0..epochs {
        learn_epoch(&mut trainer, &mut order, &mut rng, |i| &train[i].sentences);
    }
    trainer.averaged()
}

/// One pass over the examples in a new shuffled order.
fn learn_epoch<'a>(
    trainer: &mut Trainer,
    order: &mut [usize],
    rng: &mut u64,
    examples: impl Fn(usize) -> &'a [(Sentence, Vec<Label>)],
) {
    shuffle(order, rng);
    for &i in order.iter() {
        for (sentence, gold) in examples(i) {
            trainer.learn(sentence, gold);
        }
    }
}

/// The article as the second pass sees it, with `first`'s tags.
fn stack(article: &Article, first: &Tagger, bits: u8) -> Article {
    let sentences = article
        .sentences
        .iter()
        .map(|(sentence, gold)| {
            let lower: Vec<String> = sentence
                .tokens
                .iter()
                .map(|&(s, e)| article.text[s..e].to_lowercase())
                .collect();
            let words: Vec<&str> = lower.iter().map(String::as_str).collect();
            let tags = first.tag(sentence);
            (tagger::stacked(sentence, &words, &tags, bits), gold.clone())
        })
        .collect();
    Article {
        name: article.name.clone(),
        text: article.text.clone(),
        sentences,
    }
}

fn pos_examples(
    raw: &Raw,
    model: &credence_core::attribution::AttributionModel,
    args: &Args,
) -> Examples {
    if raw.pos.is_empty() {
        return Vec::new();
    }
    let doc = Document::new(raw.name.as_str(), raw.text.as_str());
    model
        .tagger_input(&doc, None, args.bits, args.pos_bits)
        .into_iter()
        .map(|input| {
            let tags = input
                .pos
                .tokens
                .iter()
                .map(|&(s, e)| {
                    let k = raw.pos.partition_point(|&(_, end, _)| end <= s);
                    raw.pos
                        .get(k)
                        .filter(|&&(start, _, _)| start < e)
                        .map_or(0, |&(_, _, tag)| tag)
                })
                .collect();
            (input.pos, tags)
        })
        .collect()
}

fn train_pos(examples: &[Examples], keep: impl Fn(usize) -> bool, args: &Args) -> Tagger {
    let mut trainer = Trainer::new(args.pos_bits, tagger::Scheme::Free(pos::TAGS.len()));
    let mut order: Vec<usize> = (0..examples.len()).filter(|&k| keep(k)).collect();
    let mut rng = args.seed.max(1);
    for _ in 0..args.pos_epochs {
        learn_epoch(&mut trainer, &mut order, &mut rng, |k| &examples[k]);
    }
    trainer.averaged()
}

fn pos_accuracy(model: &Tagger, examples: &[Examples]) -> f64 {
    let (mut right, mut all) = (0usize, 0usize);
    for (sentence, tags) in examples.iter().flatten() {
        let got = model.tag(sentence);
        right += got.iter().zip(tags).filter(|(a, b)| a == b).count();
        all += tags.len();
    }
    right as f64 / all.max(1) as f64
}

/// Exact-match span figures of one role.
#[derive(Default, Clone, Copy)]
struct Tally {
    gold: usize,
    predicted: usize,
    matched: usize,
}

impl Tally {
    fn precision(&self) -> f64 {
        self.matched as f64 / self.predicted.max(1) as f64
    }
    fn recall(&self) -> f64 {
        self.matched as f64 / self.gold.max(1) as f64
    }
    fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn evaluate(tagger: &Tagger, articles: &[Article]) -> BTreeMap<Role, Tally> {
    let per_article: Vec<BTreeMap<Role, Tally>> = articles
        .par_iter()
        .map(|article| {
            let mut tally: BTreeMap<Role, Tally> =
                Role::ALL.iter().map(|&r| (r, Tally::default())).collect();
            for (sentence, gold) in &article.sentences {
                let predicted = tagger::spans(&tagger.tag(sentence));
                let gold = tagger::spans(&tagger::well_formed(gold));
                for role in Role::ALL {
                    let t = tally.entry(role).or_default();
                    let p: Vec<_> = predicted.iter().filter(|s| s.0 == role).collect();
                    let g: Vec<_> = gold.iter().filter(|s| s.0 == role).collect();
                    t.predicted += p.len();
                    t.gold += g.len();
                    t.matched += p.iter().filter(|s| g.contains(s)).count();
                }
            }
            tally
        })
        .collect();
    let mut total: BTreeMap<Role, Tally> =
        Role::ALL.iter().map(|&r| (r, Tally::default())).collect();
    for tally in per_article {
        for (role, t) in tally {
            let sum = total.entry(role).or_default();
            sum.gold += t.gold;
            sum.predicted += t.predicted;
            sum.matched += t.matched;
        }
    }
    total
}

fn show_errors(tagger: &Tagger, articles: &[Article], limit: usize) {
    // Gold sources: found exactly, overlapped with other bounds, missed;
    // predicted sources overlapping no gold source.
    let (mut exact, mut bounds, mut missed, mut spurious) = (0, 0, 0, 0);
    for article in articles {
        for (sentence, gold) in &article.sentences {
            let only = |spans: Vec<(Role, usize, usize)>| -> Vec<(usize, usize)> {
                spans
                    .into_iter()
                    .filter(|s| s.0 == Role::Source)
                    .map(|s| (s.1, s.2))
                    .collect()
            };
            let p = only(tagger::spans(&tagger.tag(sentence)));
            let g = only(tagger::spans(&tagger::well_formed(gold)));
            for span in &g {
                if p.contains(span) {
                    exact += 1;
                } else if p.iter().any(|q| q.0 < span.1 && span.0 < q.1) {
                    bounds += 1;
                } else {
                    missed += 1;
                }
            }
            spurious += p
                .iter()
                .filter(|q| !g.iter().any(|span| q.0 < span.1 && span.0 < q.1))
                .count();
        }
    }
    eprintln!(
        "sources: {exact} exact, {bounds} with other bounds, {missed} missed; {spurious} predicted overlapping no gold source"
    );
    let mut shown = 0;
    for article in articles {
        for (sentence, gold) in &article.sentences {
            if shown >= limit {
                return;
            }
            let text_of = |&(_, s, e): &(Role, usize, usize)| {
                article.text[sentence.tokens[s].0..sentence.tokens[e - 1].1].to_owned()
            };
            let sources = |spans: Vec<(Role, usize, usize)>| -> Vec<(Role, usize, usize)> {
                spans.into_iter().filter(|s| s.0 == Role::Source).collect()
            };
            let predicted = sources(tagger::spans(&tagger.tag(sentence)));
            let gold = sources(tagger::spans(&tagger::well_formed(gold)));
            if predicted != gold {
                shown += 1;
                let g: Vec<String> = gold.iter().map(text_of).collect();
                let p: Vec<String> = predicted.iter().map(text_of).collect();
                eprintln!("{}\n  gold {g:?}\n  got  {p:?}", article.name);
            }
        }
    }
}

fn shuffle(order: &mut [usize], state: &mut u64) {
    for i in (1..order.len()).rev() {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        let j = (*state % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
}

fn load_split(root: &Path, split: &str, args: &Args, augment: bool) -> Result<Vec<Raw>, String> {
    let text_dir = root.join(split).join("text");
    let ann_dir = root.join(split).join("attributions");
    let conll_dir = root.join(split).join("conll");
    let mut names: Vec<String> = std::fs::read_dir(&text_dir)
        .map_err(|e| format!("{}: {e}", text_dir.display()))?
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().into_string().ok())
        .filter_map(|n| n.strip_suffix(".txt").map(str::to_owned))
        .collect();
    names.sort();
    let mut anns: Vec<String> = std::fs::read_dir(&ann_dir)
        .map_err(|e| format!("{}: {e}", ann_dir.display()))?
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n.ends_with(".ann"))
        .collect();
    anns.sort();
    let jobs: Vec<(usize, String, String)> = names
        .iter()
        .enumerate()
        .map(|(k, name)| {
            let ann = anns
                .iter()
                .find(|a| {
                    a.strip_suffix(".ann")
                        .and_then(|a| a.rsplit_once('_'))
                        .is_some_and(|(stem, _)| stem == name)
                })
                .cloned()
                .ok_or_else(|| format!("{split}/{name}: no .ann file"))?;
            Ok((k, name.clone(), ann))
        })
        .collect::<Result<_, String>>()?;
    let articles: Vec<Vec<Raw>> = jobs
        .par_iter()
        .map(|(k, name, ann)| {
            let text = std::fs::read_to_string(text_dir.join(format!("{name}.txt")))
                .map_err(|e| format!("{split}/{name}.txt: {e}"))?;
            let ann_text = std::fs::read_to_string(ann_dir.join(ann))
                .map_err(|e| format!("{split}/{ann}: {e}"))?;
            let spans = gold_spans(&text, &ann_text).map_err(|e| format!("{split}/{ann}: {e}"))?;
            let pos = silver_pos(&text, &conll_dir.join(format!("{name}.tsv.gz")))
                .map_err(|e| format!("{split}/conll/{name}.tsv.gz: {e}"))?;
            let raw = |text: String, copy: bool| Raw {
                name: name.clone(),
                copy,
                text,
                spans: spans.clone(),
                pos: pos.clone(),
            };
            let mut out = Vec::new();
            if augment {
                // Which articles get case copies is fixed by their index.
                let share = |k: usize, salt: usize| ((k * 7919 + salt) % 1000) as f64 / 1000.0;
                if share(*k, 17) < args.case_augment {
                    out.push(raw(text.to_ascii_lowercase(), true));
                }
                if share(*k, 503) < args.case_augment / 2.0 {
                    out.push(raw(text.to_ascii_uppercase(), true));
                }
            }
            out.insert(0, raw(text, false));
            Ok(out)
        })
        .collect::<Result<_, String>>()?;
    Ok(articles.into_iter().flatten().collect())
}

/// CoreNLP's tags from a `conll/` file, coarsened, as byte ranges of
/// `text`, in order; empty when the article has no such file.
fn silver_pos(text: &str, path: &Path) -> Result<Vec<(usize, usize, Label)>, String> {
    use std::io::Read;
    let Ok(file) = std::fs::File::open(path) else {
        return Ok(Vec::new());
    };
    let mut tsv = String::new();
    flate2::read::GzDecoder::new(file)
        .read_to_string(&mut tsv)
        .map_err(|e| e.to_string())?;
    let byte_of: Vec<usize> = text
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()))
        .collect();
    let mut out = Vec::new();
    for line in tsv.lines().skip(1) {
        let fields: Vec<&str> = line.split('\t').collect();
        let [_, start, end, _, tag, ..] = fields[..] else {
            continue;
        };
        let (Ok(start), Ok(end)) = (start.parse::<usize>(), end.parse::<usize>()) else {
            continue;
        };
        let (Some(&s), Some(&e)) = (byte_of.get(start), byte_of.get(end)) else {
            return Err(format!("token {start}..{end} past the text"));
        };
        out.push((s, e, pos::coarse(tag)));
    }
    Ok(out)
}

fn article(
    raw: &Raw,
    model: &credence_core::attribution::AttributionModel,
    pos: Option<&Tagger>,
    args: &Args,
) -> Article {
    let doc = Document::new(raw.name.as_str(), raw.text.as_str());
    let sentences = model
        .tagger_input(&doc, pos, args.bits, args.pos_bits)
        .into_iter()
        .map(|input| {
            let labels = labels(&input.attribution, &raw.spans);
            (input.attribution, labels)
        })
        .collect();
    Article {
        name: raw.name.clone(),
        text: raw.text.clone(),
        sentences,
    }
}

/// Each token's gold tag: the role of the span it overlaps most (on a tie,
/// the one that starts first), `B-` where that span starts in this sentence.
fn labels(sentence: &Sentence, spans: &[Span]) -> Vec<Label> {
    let mut previous_id = None;
    sentence
        .tokens
        .iter()
        .map(|&(s, e)| {
            let first = spans.partition_point(|span| span.end <= s);
            let best = spans[first..]
                .iter()
                .filter(|span| span.start < e && s < span.end)
                .max_by_key(|span| {
                    (
                        span.end.min(e) - span.start.max(s),
                        std::cmp::Reverse(span.start),
                    )
                });
            match best {
                None => {
                    previous_id = None;
                    tagger::OUTSIDE
                }
                Some(span) => {
                    let label = if previous_id == Some(span.id) {
                        span.role.inside()
                    } else {
                        span.role.begin()
                    };
                    previous_id = Some(span.id);
                    label
                }
            }
        })
        .collect()
}

/// The Source, Cue and Content spans of every attribution event in a brat
/// file, as byte ranges of `text`, sorted by end.
fn gold_spans(text: &str, ann: &str) -> Result<Vec<Span>, String> {
    let byte_of: Vec<usize> = text
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()))
        .collect();
    let mut spans_of: BTreeMap<&str, Vec<(usize, usize)>> = BTreeMap::new();
    let mut roles: Vec<(Role, &str)> = Vec::new();
    for line in ann.lines() {
        let mut fields = line.split('\t');
        let (Some(id), Some(body)) = (fields.next(), fields.next()) else {
            continue;
        };
        if id.starts_with('T') {
            let Some((_, offsets)) = body.split_once(' ') else {
                continue;
            };
            let mut pieces = Vec::new();
            for piece in offsets.split(';') {
                let mut ends = piece.split_whitespace().map(str::parse::<usize>);
                let (Some(Ok(s)), Some(Ok(e))) = (ends.next(), ends.next()) else {
                    return Err(format!("bad span {line:?}"));
                };
                let (Some(&bs), Some(&be)) = (byte_of.get(s), byte_of.get(e)) else {
                    return Err(format!("span past the text {line:?}"));
                };
                pieces.push((bs, be));
            }
            spans_of.insert(id, pieces);
        } else if id.starts_with('E') {
            for arg in body.split_whitespace() {
                let Some((role, target)) = arg.split_once(':') else {
                    continue;
                };
                let role = match role {
                    "Source" => Role::Source,
                    "Cue" => Role::Cue,
                    "Content" | "Content2" => Role::Content,
                    _ => continue,
                };
                roles.push((role, target));
            }
        }
    }
    let mut out = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for (role, target) in roles {
        // A span shared by several events ("he said ... and added") is one span.
        if !seen.insert(target) {
            continue;
        }
        for &(start, end) in spans_of.get(target).into_iter().flatten() {
            out.push(Span {
                role,
                start,
                end,
                id: out.len(),
            });
        }
    }
    out.sort_by_key(|s| (s.end, s.start));
    Ok(out)
}
