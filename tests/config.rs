//! `<config>/config.ron`: the guide `new` starts, where the data lives, theme overrides; a
//! broken file is named with its line and column and the defaults are used.

mod common;

use leverage::config::Config;
use leverage::ui::Theme;
use ratatui::style::{Color, Modifier};

/// The README's config block, as a person would copy it.
fn readme_example() -> String {
    let readme = include_str!("../README.md");
    let section = &readme[readme.find("## Config").unwrap()..];
    let start = section.find("```ron\n").unwrap() + "```ron\n".len();
    section[start..start + section[start..].find("```").unwrap()].to_string()
}

#[test]
fn the_example_in_the_readme_is_a_config_that_reads() {
    let c = Config::parse(&readme_example()).unwrap();
    assert_eq!(c.guide.as_deref(), Some("leverage"));
    assert_eq!(c.presentation, Some(false));
    let home = std::env::var("HOME").unwrap();
    assert_eq!(
        c.data_dir.unwrap(),
        std::path::Path::new(&home).join("Sync/leverage"),
        "~ is the home folder"
    );
    assert!(c.presentation_theme.selected.is_some());
}

#[test]
fn a_theme_override_changes_only_what_it_names() {
    let c =
        Config::parse(r##"(theme: (accent: (fg: "#102030"), cue: (italic: false, bold: true)))"##)
            .unwrap();
    let base = Theme::color();
    let t = base.clone().changed(&c.theme);
    assert_eq!(t.accent.fg, Some(Color::Rgb(0x10, 0x20, 0x30)));
    assert!(t.cue.add_modifier.contains(Modifier::BOLD));
    assert!(!t.cue.add_modifier.contains(Modifier::ITALIC));
    assert_eq!(t.cue.fg, base.cue.fg, "the cue keeps its colour");
    assert_eq!(t.title, base.title, "what is not named is as it was");
    // Without colour (NO_COLOR), weight still changes and colour does not.
    let plain = Theme::plain().changed(&c.theme);
    assert_eq!(plain.accent.fg, None);
    assert!(plain.cue.add_modifier.contains(Modifier::BOLD));
}

#[test]
fn a_broken_config_names_its_line_and_column() {
    let err = Config::parse("(\n    theme: (accent: (fg: \"notacolour\")),\n)").unwrap_err();
    assert!(err.starts_with("2:"), "{err}");
    assert!(
        err.contains("notacolour") && err.contains("not a colour"),
        "{err}"
    );
    let err = Config::parse("(guid: \"x\")").unwrap_err();
    assert!(err.starts_with("1:2:") && err.contains("guid"), "{err}");
}

fn write_config(dir: &std::path::Path, text: &str) {
    let config = dir.join("config");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("config.ron"), text).unwrap();
}

/// The config's guide is the one `new` starts, and its data folder is where sessions go
/// (the environment's folder wins over it when set).
#[test]
fn the_config_chooses_the_guide_and_the_data_folder() {
    let dir = tempfile::tempdir().unwrap();
    common::real_guides(dir.path());
    let elsewhere = dir.path().join("elsewhere");
    write_config(
        dir.path(),
        &format!(
            "(guide: \"own-the-story\", data_dir: \"{}\")",
            elsewhere.display()
        ),
    );
    let mut cmd = common::leverage_command(dir.path());
    cmd.env_remove("LEVERAGE_DATA_DIR").args(["new", "--plain"]);
    let out = common::run_command(&mut cmd, "Kept quiet about the audit\n");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("Own the story"), "{stdout}");
    assert!(
        stdout.contains(&*elsewhere.to_string_lossy()),
        "saved in the config's folder: {stdout}"
    );
    assert!(!dir.path().join("data").exists());
}

/// A broken config is said on stderr with file, line and column, and the defaults are used.
#[test]
fn a_broken_config_is_reported_and_the_defaults_are_used() {
    let dir = tempfile::tempdir().unwrap();
    write_config(
        dir.path(),
        "(\n  guide: \"value-cycle\",\n  colour: true,\n)",
    );
    let out = common::run_leverage(dir.path(), &["new", "--plain"], "6\n");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let file = dir.path().join("config/config.ron");
    assert!(
        stderr.contains(&format!("{}:3:3", file.display())) && stderr.contains("colour"),
        "{stderr}"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("Failure as leverage"),
        "the default guide: {stdout}"
    );
}

/// The README's transcript example is a transcript this version reads, as it says.
#[test]
fn the_readmes_transcript_example_reads() {
    let readme = include_str!("../README.md");
    let after = readme.split("## The transcript").nth(1).unwrap();
    let block = after
        .split("```ron\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .unwrap();
    let t = leverage::transcript::parse(block.as_bytes()).expect("the example reads");
    assert_eq!(t.format_version, leverage::transcript::FORMAT_VERSION);
    assert!(t.goal.is_some() && t.next_step.is_some());
}
