//! The one config file, `<config>/config.ron`, every field optional: the guide `leverage new`
//! starts, whether the shared-screen layout is on from the start, where the data lives, and
//! partial overrides of the default and presentation themes. A file that cannot be read is
//! not used: the defaults are, and the reason (file, line, column) is said where leverage
//! starts.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use ratatui::style::{Color, Modifier, Style};
use serde::{Deserialize, Deserializer};

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub guide: Option<String>,
    pub presentation: Option<bool>,
    pub data_dir: Option<PathBuf>,
    pub theme: ThemeOverride,
    pub presentation_theme: ThemeOverride,
}

/// Styles to change, each on top of the theme's own; what is left out stays as it is.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ThemeOverride {
    pub title: Option<StyleOverride>,
    pub muted: Option<StyleOverride>,
    pub cue: Option<StyleOverride>,
    pub prompt: Option<StyleOverride>,
    pub key: Option<StyleOverride>,
    pub accent: Option<StyleOverride>,
    pub selected: Option<StyleOverride>,
    pub error: Option<StyleOverride>,
    pub ok: Option<StyleOverride>,
    pub border: Option<StyleOverride>,
    pub pinned: Option<StyleOverride>,
    pub client: Option<StyleOverride>,
    pub coach: Option<StyleOverride>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StyleOverride {
    pub fg: Option<ColorName>,
    pub bg: Option<ColorName>,
    pub bold: Option<bool>,
    pub italic: Option<bool>,
    pub underlined: Option<bool>,
    pub reversed: Option<bool>,
}

/// A colour as people write it: "red", "lightcyan", "dark gray", "#d7af5f", or "208".
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ColorName(pub Color);

impl<'de> Deserialize<'de> for ColorName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        Color::from_str(&name).map(ColorName).map_err(|_| {
            serde::de::Error::custom(format!(
                "{name:?} is not a colour: use a name (\"red\", \"lightcyan\", \"darkgray\"), \
                 \"#rrggbb\" or a number from 0 to 255"
            ))
        })
    }
}

impl StyleOverride {
    /// `style` with these changes; with `colour` false (NO_COLOR), only weight and slant.
    pub fn apply(&self, style: Style, colour: bool) -> Style {
        let mut style = style;
        if colour {
            if let Some(ColorName(c)) = self.fg {
                style = style.fg(c);
            }
            if let Some(ColorName(c)) = self.bg {
                style = style.bg(c);
            }
        }
        for (set, modifier) in [
            (self.bold, Modifier::BOLD),
            (self.italic, Modifier::ITALIC),
            (self.underlined, Modifier::UNDERLINED),
            (self.reversed, Modifier::REVERSED),
        ] {
            style = match set {
                Some(true) => style.add_modifier(modifier),
                Some(false) => style.remove_modifier(modifier),
                None => style,
            };
        }
        style
    }
}

static CURRENT: std::sync::OnceLock<Config> = std::sync::OnceLock::new();
static WARNING: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();

/// Why the config file was not used, for the full screen to say when it opens.
pub fn set_warning(warning: Option<String>) {
    let _ = WARNING.set(warning);
}

pub fn warning() -> Option<&'static str> {
    WARNING.get().and_then(|w| w.as_deref())
}

impl Config {
    /// Make `config` the one this process runs with (once, at start; later calls are ignored).
    pub fn install(config: Config) {
        let _ = CURRENT.set(config);
    }

    /// The config this process runs with: the defaults until one is installed.
    pub fn current() -> &'static Config {
        static DEFAULT: std::sync::OnceLock<Config> = std::sync::OnceLock::new();
        CURRENT
            .get()
            .unwrap_or_else(|| DEFAULT.get_or_init(Config::default))
    }

    /// Where the config file is looked for.
    pub fn path() -> Option<PathBuf> {
        crate::paths::config_dir().map(|c| c.join("config.ron"))
    }

    /// The config file, or the defaults and why it was not used. No file is no reason.
    pub fn load() -> (Config, Option<String>) {
        let Some(path) = Config::path() else {
            return (Config::default(), None);
        };
        Config::load_from(&path)
    }

    pub fn load_from(path: &Path) -> (Config, Option<String>) {
        let file = crate::text::safe_display(path.display());
        let text = match read_bounded(path) {
            Ok(None) => return (Config::default(), None),
            Ok(Some(text)) => text,
            Err(reason) => {
                return (
                    Config::default(),
                    Some(format!("Your config was not used: {file}: {reason}")),
                );
            }
        };
        match Config::parse(&text) {
            Ok(config) => (config, None),
            Err(reason) => (
                Config::default(),
                Some(format!("Your config was not used: {file}:{reason}")),
            ),
        }
    }

    /// A config from its text; an error names the line, column and reason ("3:5: ...").
    pub fn parse(text: &str) -> Result<Config, String> {
        let mut config: Config = crate::guide::ron_options()
            .from_str(text)
            .map_err(|e| format!("{}:{}: {}", e.span.start.line, e.span.start.col, e.code))?;
        config.data_dir = config.data_dir.map(|d| expand_home(&d));
        Ok(config)
    }
}

/// The file's text, if there is a file: a regular file of sane size only (never a FIFO that
/// would block start-up, nor /dev/zero).
fn read_bounded(path: &Path) -> Result<Option<String>, String> {
    use std::io::Read;
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e.to_string()),
    };
    if !meta.is_file() {
        return Err("not a regular file".into());
    }
    const LIMIT: u64 = 1 << 20;
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(LIMIT + 1).read_to_end(&mut bytes))
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > LIMIT {
        return Err("larger than 1 MiB; a config is a few lines".into());
    }
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| "not valid UTF-8".into())
}

/// `~/x` as the home folder's `x`.
fn expand_home(p: &Path) -> PathBuf {
    match (p.strip_prefix("~"), std::env::var_os("HOME")) {
        (Ok(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => p.to_path_buf(),
    }
}
