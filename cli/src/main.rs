//! `consent-gate`: check a ConsentGate config, scan a site for what it stores before consent.
//!
//! Exit status: 0 clean (or a valid config), 2 something needing consent happened before any
//! choice, 1 any error (bad arguments, an invalid config, an unreachable page, no Chromium).

use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use clap::{Args, Parser, Subcommand};
use consent_gate::core::config::Config;
use consent_gate_cli::check::{self, Source};
use consent_gate_cli::ocd::{self, Database};
use consent_gate_cli::report::Report;
use consent_gate_cli::scan::{self, Options};
use consent_gate_cli::{draft, records, site};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

#[derive(Parser)]
#[command(
    name = "consent-gate",
    version,
    about = "Check a ConsentGate config; scan a site for cookies, storage and trackers before consent; keep proof of consent.",
    after_help = ocd::NOTICE,
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print exactly what the browser would log for a config; exit 1 on any error.
    Check {
        /// The config: a file path or an http(s) URL.
        config: String,
        /// Seconds to wait for a config URL.
        #[arg(long, default_value_t = 30)]
        timeout: u64,
    },
    /// Scan a site in headless Chromium, before any choice and after "Accept all".
    Scan(ScanArgs),
    /// The receipt service: store the receipts sent to proof.endpoint; show, export, verify, prune.
    #[command(subcommand)]
    Records(records::command::Records),
    /// Print the licence notice of the data shipped inside this binary.
    Licenses {
        /// Print the full licence text too.
        #[arg(long)]
        full: bool,
    },
}

#[derive(Args)]
struct ScanArgs {
    /// The first page (http or https).
    url: String,
    /// Scan at most this many same-site pages, found from links.
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..=1000))]
    pages: u64,
    /// The site's ConsentGate config: compare with it, and merge into it with --write-config.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Print the report as JSON.
    #[arg(long, conflicts_with = "markdown")]
    json: bool,
    /// Print the report as Markdown.
    #[arg(long)]
    markdown: bool,
    /// Write a ConsentGate config drafted from what was found (merged into --config if given).
    #[arg(long, value_name = "FILE")]
    write_config: Option<PathBuf>,
    /// The Chromium binary.
    #[arg(long, value_name = "PATH", default_value = scan::DEFAULT_CHROMIUM)]
    chromium: PathBuf,
    /// An extra Chromium flag (repeatable), e.g. --chromium-arg=--proxy-server=HOST:PORT.
    #[arg(long, value_name = "FLAG", allow_hyphen_values = true)]
    chromium_arg: Vec<String>,
    /// Seconds one page may take to load.
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=600))]
    timeout: u64,
    /// Milliseconds without network activity before a page counts as settled.
    #[arg(long, default_value_t = 1000)]
    settle: u64,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            // Usage errors are 1: 2 means "found something before consent".
            return if e.use_stderr() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let result = match cli.command {
        Command::Check { config, timeout } => run_check(&config, timeout),
        Command::Scan(args) => run_scan(&args),
        Command::Records(command) => records::command::run(command),
        Command::Licenses { full } => {
            println!("{}", ocd::NOTICE);
            if full {
                println!("\n{}", ocd::LICENSE);
            }
            Ok(0)
        }
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(message) => {
            eprintln!("consent-gate: {message}");
            ExitCode::from(1)
        }
    }
}

fn run_check(arg: &str, timeout: u64) -> Result<u8, String> {
    let text = check::load(&Source::from_arg(arg), Duration::from_secs(timeout))?;
    match check::check(&text) {
        Ok(config) => {
            println!("{}", check::summary(&config));
            Ok(0)
        }
        Err(message) => {
            println!("{message}");
            Ok(1)
        }
    }
}

/// The existing config given with `--config`: its text (for the merge) and its validated
/// form (to compare with).
fn existing_config(path: &Path) -> Result<(serde_json::Value, Config), String> {
    let shown = path.display().to_string();
    let text = check::load(&Source::File(shown.clone()), Duration::from_secs(30))?;
    let config = check::check(&text).map_err(|message| {
        format!("--config {shown} is not a valid config; the browser logs:\n{message}")
    })?;
    let value = serde_json::from_str(&text).map_err(|e| format!("--config {shown}: {e}"))?;
    Ok((value, config))
}

fn run_scan(args: &ScanArgs) -> Result<u8, String> {
    let start = site::start_url(&args.url)?;
    let existing = args.config.as_deref().map(existing_config).transpose()?;
    if let Some(out) = &args.write_config {
        let dir = out.parent().filter(|d| !d.as_os_str().is_empty());
        if let Some(dir) = dir
            && !dir.is_dir()
        {
            return Err(format!(
                "cannot write {}: the folder {} does not exist",
                out.display(),
                dir.display()
            ));
        }
    }
    let progress = std::io::stderr().is_terminal().then(|| {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{spinner} [{pos}/{len}] {wide_msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar.enable_steady_tick(Duration::from_millis(120));
        bar
    });
    let options = Options {
        start,
        pages: usize::try_from(args.pages).unwrap_or(usize::MAX),
        chromium: args.chromium.clone(),
        chromium_args: args.chromium_arg.clone(),
        timeout: Duration::from_secs(args.timeout),
        settle: Duration::from_millis(args.settle),
        progress: progress.clone(),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("could not start the async runtime: {e}"))?;
    let observed = runtime.block_on(scan::scan(&options));
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    let observed = observed.map_err(|e| e.to_string())?;
    let site_config = observed
        .consent_gate
        .config
        .as_deref()
        .and_then(|t| Config::parse(t).ok());
    let compare = existing.as_ref().map(|(_, c)| c).or(site_config.as_ref());
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64());
    let report = Report::build(&observed, Database::embedded(), compare, now);
    if args.json {
        println!("{}", report.to_json());
    } else if args.markdown {
        print!("{}", report.to_markdown());
    } else {
        print!("{}", report.to_table());
    }
    if let Some(out) = &args.write_config {
        write_config(out, &report, existing.as_ref())?;
    }
    Ok(u8::try_from(report.exit_code()).unwrap_or(1))
}

fn write_config(
    out: &Path,
    report: &Report,
    existing: Option<&(serde_json::Value, Config)>,
) -> Result<(), String> {
    let drafted = draft::draft(report, existing.map(|(_, c)| c));
    let config = match existing {
        Some((value, _)) => draft::merge(value, &drafted.config)?,
        None => drafted.config,
    };
    let text = draft::to_text(&config);
    let checked = check::check(&text).map_err(|message| {
        format!(
            "the drafted config is invalid (a bug: please report it); the browser would log:\n{message}"
        )
    })?;
    std::fs::write(out, &text).map_err(|e| format!("could not write {}: {e}", out.display()))?;
    eprintln!(
        "consent-gate: wrote {} ({})",
        out.display(),
        check::summary(&checked).trim_start_matches("ok: ")
    );
    for name in &drafted.left_out {
        eprintln!("consent-gate: not drafted (unknown to the Open Cookie Database): {name}");
    }
    Ok(())
}
