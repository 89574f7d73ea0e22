//! Pictures: embedded in `word/media/`, drawn inline at the PDF's size (96 dpi nominal, never
//! wider than the text or taller than half the page), with the alt text as the picture's
//! description (`descr`, what screen readers and Word's Alt Text pane show) and as a caption
//! below a picture that stands alone. The same rules as the PDF decide what is embedded: PNG
//! or JPEG files inside the report's folder; anything else prints its description instead,
//! with a warning.

use super::body::{Ctx, ppr};
use super::writer::{RunStyle, Writer};
use super::xml::esc;
use crate::pdf::style;

/// EMU per point.
const EMU: i64 = 12_700;

/// A loaded picture.
struct Picture {
    rel: String,
    w: f32,
    h: f32,
}

/// Pixel size of a PNG or JPEG, read from its header; `None` for anything else.
fn pixel_size(b: &[u8]) -> Option<(u32, u32, &'static str)> {
    if b.starts_with(b"\x89PNG\r\n\x1a\n") && b.len() > 24 {
        let w = u32::from_be_bytes(b[16..20].try_into().ok()?);
        let h = u32::from_be_bytes(b[20..24].try_into().ok()?);
        return Some((w, h, "png"));
    }
    if b.starts_with(&[0xFF, 0xD8]) {
        let mut i = 2;
        while i + 9 < b.len() {
            if b[i] != 0xFF {
                return None;
            }
            let marker = b[i + 1];
            let len = u16::from_be_bytes([b[i + 2], b[i + 3]]) as usize;
            if matches!(marker, 0xC0..=0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF) {
                let h = u16::from_be_bytes([b[i + 5], b[i + 6]]) as u32;
                let w = u16::from_be_bytes([b[i + 7], b[i + 8]]) as u32;
                return Some((w, h, "jpeg"));
            }
            i += 2 + len;
        }
    }
    None
}

impl Writer<'_> {
    fn load_picture(&mut self, url: &str, line: usize) -> Result<Picture, String> {
        if url.contains("://") {
            return Err("only images in the report's folder are embedded".into());
        }
        let path = self.base_dir.join(url);
        let real = path
            .canonicalize()
            .map_err(|_| "the file does not exist".to_string())?;
        if !self.base_dir.canonicalize().is_ok_and(|b| real.starts_with(b)) {
            return Err("the file is outside the report's folder".into());
        }
        let bytes = std::fs::read(&real).map_err(|e| format!("cannot be read ({e})"))?;
        let (pw, ph, ext) = pixel_size(&bytes).ok_or_else(|| "not a PNG or JPEG image".to_string())?;
        if pw == 0 || ph == 0 {
            return Err("the image has no pixels".into());
        }
        let width = style::PAGE_W - 2.0 * style::MARGIN_X;
        let max_h = (style::PAGE_H - style::MARGIN_TOP - style::MARGIN_BOTTOM) * 0.5;
        let mut w = (pw as f32 * 0.75).min(width);
        let mut h = w * ph as f32 / pw as f32;
        if h > max_h {
            h = max_h;
            w = h * pw as f32 / ph as f32;
        }
        let n = self.media.len() + 1;
        let name = format!("image{n}.{ext}");
        let rel = format!("rIdImage{n}");
        self.rels.push(super::package::Rel {
            id: rel.clone(),
            kind: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image",
            target: format!("media/{name}"),
            external: false,
        });
        self.media.push((name, bytes));
        let _ = line;
        Ok(Picture { rel, w, h })
    }

    fn drawing(&mut self, p: &Picture, alt: &str) {
        let id = self.next_drawing;
        self.next_drawing += 1;
        let (cx, cy) = ((p.w * EMU as f32) as i64, (p.h * EMU as f32) as i64);
        let alt = esc(alt);
        self.out.push_str(&format!(
            "<w:r><w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\"><wp:extent cx=\"{cx}\" cy=\"{cy}\"/><wp:docPr id=\"{id}\" name=\"Picture {id}\" descr=\"{alt}\"/><wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect=\"1\"/></wp:cNvGraphicFramePr><a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><pic:pic><pic:nvPicPr><pic:cNvPr id=\"{id}\" name=\"Picture {id}\" descr=\"{alt}\"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed=\"{}\"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"{cx}\" cy=\"{cy}\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>",
            p.rel
        ));
    }

    fn image_warning(&mut self, url: &str, line: usize, why: &str) {
        self.warnings.push(format!(
            "line {line}: image {url}: {why}; its description is printed instead"
        ));
    }

    /// A paragraph holding only a picture: the picture centred, then its caption.
    pub fn figure(&mut self, url: &str, alt: &str, line: usize, ctx: &Ctx) {
        match self.load_picture(url, line) {
            Ok(p) => {
                let ppr = ppr(Some("Figure"), None, ctx.indent, "");
                self.out.push_str("<w:p>");
                self.out.push_str(&ppr);
                self.drawing(&p, alt);
                self.out.push_str("</w:p>");
                if !alt.is_empty() {
                    let ppr = ppr_caption(ctx.indent);
                    self.out.push_str("<w:p>");
                    self.out.push_str(&ppr);
                    self.run(alt, &RunStyle::default(), false);
                    self.out.push_str("</w:p>");
                }
            }
            Err(why) => {
                self.image_warning(url, line, &why);
                let ppr = ppr_caption(ctx.indent);
                self.out.push_str("<w:p>");
                self.out.push_str(&ppr);
                self.run(&format!("［画像: {alt}］"), &RunStyle::default(), false);
                self.out.push_str("</w:p>");
            }
        }
    }

    /// A picture among other text.
    pub fn inline_image(&mut self, url: &str, alt: &str, line: usize, style: &RunStyle) {
        match self.load_picture(url, line) {
            Ok(p) => self.drawing(&p, alt),
            Err(why) => {
                self.image_warning(url, line, &why);
                self.run(&format!("［画像: {alt}］"), style, false);
            }
        }
    }
}

fn ppr_caption(indent: u32) -> String {
    ppr(Some("Caption"), None, indent, "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_png_and_jpeg_sizes_and_refuses_the_rest() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend(240u32.to_be_bytes());
        png.extend(120u32.to_be_bytes());
        png.push(8);
        assert_eq!(pixel_size(&png), Some((240, 120, "png")));
        let jpeg = [0xFF, 0xD8, 0xFF, 0xC0, 0, 17, 8, 0, 100, 0, 200, 3, 0, 0];
        assert_eq!(pixel_size(&jpeg), Some((200, 100, "jpeg")));
        assert_eq!(pixel_size(b"GIF89a......"), None);
    }
}
