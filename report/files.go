package report

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"image/png"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"go.yaml.in/yaml/v3"
)

// file reads a file named in the data, relative to the data file's folder. The name may not be
// absolute nor lead outside that folder, by .. or by a symbolic link: a data file from elsewhere
// must not make the command read (and embed in a PDF) files it was not given.
func (l *loader) file(n *yaml.Node, path, what string) (written, resolved string, data []byte, ok bool) {
	written, ok = l.scalarText(n, path)
	if !ok {
		return "", "", nil, false
	}
	written = strings.TrimSpace(written)
	native := filepath.FromSlash(written)
	switch {
	case strings.ContainsRune(written, 0):
		l.errorf(n, "%s: %q is not a file name", path, written)
		return "", "", nil, false
	case filepath.IsAbs(native) || filepath.VolumeName(native) != "" || strings.HasPrefix(written, "/") || strings.HasPrefix(written, `\`):
		l.errorf(n, "%s: %s is an absolute path; name the %s relative to the data file's folder", path, written, what)
		return "", "", nil, false
	}
	clean := filepath.Clean(native)
	if clean == ".." || strings.HasPrefix(clean, ".."+string(filepath.Separator)) {
		l.errorf(n, "%s: %s leads outside the data file's folder", path, written)
		return "", "", nil, false
	}
	resolved = filepath.Join(l.dir, clean)
	info, err := os.Stat(resolved)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		l.errorf(n, "%s: %s %s not found", path, what, written)
		return "", "", nil, false
	case err != nil:
		l.errorf(n, "%s: cannot read %s: %v", path, written, unwrapPath(err))
		return "", "", nil, false
	case info.IsDir():
		l.errorf(n, "%s: %s is a folder, not a %s", path, written, what)
		return "", "", nil, false
	case !info.Mode().IsRegular():
		// a pipe or a device would block the build or never end
		l.errorf(n, "%s: %s is not a regular file", path, written)
		return "", "", nil, false
	case info.Size() > maxFileBytes:
		l.errorf(n, "%s: %s is %d MiB, over the limit of %d MiB for a %s", path, written, info.Size()>>20, maxFileBytes>>20, what)
		return "", "", nil, false
	}
	// the file is opened once, without blocking, and what was opened is checked: a regular
	// file, the one stat saw, inside the folder by its real path — so that swapping it for a
	// link or a pipe between the check and the read does not get past the check
	f, err := os.OpenFile(resolved, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		l.errorf(n, "%s: cannot read %s: %v", path, written, unwrapPath(err))
		return "", "", nil, false
	}
	defer f.Close()
	opened, err := f.Stat()
	if err != nil || !opened.Mode().IsRegular() || !os.SameFile(info, opened) {
		l.errorf(n, "%s: %s changed while it was read; build again", path, written)
		return "", "", nil, false
	}
	real, err := openedPath(f, resolved)
	if err == nil {
		real, err = filepath.Abs(real)
	}
	if err == nil {
		var rel string
		rel, err = filepath.Rel(l.root(), real)
		if err == nil && (rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator))) {
			l.errorf(n, "%s: %s is a symbolic link leading outside the data file's folder", path, written)
			return "", "", nil, false
		}
	}
	if err != nil {
		l.errorf(n, "%s: cannot resolve %s: %v", path, written, unwrapPath(err))
		return "", "", nil, false
	}
	// read into one buffer of the size stat saw (a photo doubled up to its size by ReadAll
	// is twice the memory to clear, which a fresh process pays for in page faults)
	var buf bytes.Buffer
	buf.Grow(int(min(opened.Size(), maxFileBytes)) + bytes.MinRead)
	_, err = buf.ReadFrom(io.LimitReader(f, maxFileBytes+1))
	data = buf.Bytes()
	switch {
	case err != nil:
		l.errorf(n, "%s: cannot read %s: %v", path, written, unwrapPath(err))
		return "", "", nil, false
	case int64(len(data)) > maxFileBytes:
		l.errorf(n, "%s: %s grew past the limit of %d MiB for a %s while it was read", path, written, maxFileBytes>>20, what)
		return "", "", nil, false
	}
	return written, resolved, data, true
}

// maxFileBytes bounds a photo or font file: a newsroom photo is a few MB, a CJK face 10–20 MB.
const maxFileBytes = 64 << 20

// openedPath is the real path of the file f has open: on Linux the kernel's own record of it
// (so a link swapped in after the open is not believed), elsewhere the name's links resolved.
func openedPath(f *os.File, name string) (string, error) {
	if p, err := os.Readlink(fmt.Sprintf("/proc/self/fd/%d", f.Fd())); err == nil && filepath.IsAbs(p) {
		return p, nil
	}
	return filepath.EvalSymlinks(name)
}

// root is the data file's folder with its own symbolic links resolved, so that a data file in a
// linked folder can still use its photos.
func (l *loader) root() string {
	if l.realDir == "" {
		dir := l.dir
		if dir == "" {
			dir = "."
		}
		if r, err := filepath.EvalSymlinks(dir); err == nil {
			dir = r
		}
		if a, err := filepath.Abs(dir); err == nil {
			dir = a
		}
		l.realDir = dir
	}
	return l.realDir
}

// unwrapPath drops the path an fs error repeats, since the message already names the file.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// imageConfig sniffs a JPEG or PNG by its first bytes and reads its pixel size, and whether it
// is a four-channel (CMYK or YCCK) JPEG. The decoders are called directly rather than through
// image.DecodeConfig, which needs decoders registered by package initialisation.
func imageConfig(data []byte) (format string, w, h int, cmyk bool, err error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		c, err := jpeg.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			return "", 0, 0, false, fmt.Errorf("is a damaged JPEG: %v", err)
		}
		if !jpegEnds(data) {
			return "", 0, 0, false, errors.New("is a truncated JPEG (its image data stops before the end marker): copy it again")
		}
		return "jpeg", c.Width, c.Height, c.ColorModel == color.CMYKModel, nil
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		c, err := png.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			return "", 0, 0, false, fmt.Errorf("is a damaged PNG: %v", err)
		}
		return "png", c.Width, c.Height, false, nil
	}
	return "", 0, 0, false, errors.New("is not a JPEG or PNG image")
}

// trueTypeProblem says why a font file cannot be used, or "" if it looks like single-face
// TrueType, the only kind fpdf loads.
func trueTypeProblem(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte{0, 1, 0, 0}), bytes.HasPrefix(data, []byte("true")):
		return ""
	case bytes.HasPrefix(data, []byte("OTTO")):
		return "is a CFF (OpenType) font; convert it to TrueType outlines"
	case bytes.HasPrefix(data, []byte("ttcf")):
		return "is a font collection; extract one TrueType face"
	}
	return "is not a TrueType font"
}

// maxRewritePixels bounds the PNGs converted to plain ones (decoding one takes 8 bytes a pixel)
// and the JPEGs turned upright (the decoded photo and its turned copy take 4.5 bytes a pixel).
const maxRewritePixels = 30_000_000

// pngNeedsRewrite reports whether a PNG is interlaced or of 16 bits a channel, by its header.
func pngNeedsRewrite(data []byte) bool {
	// signature (8), IHDR length and type (8), width and height (8), then depth, colour type,
	// compression, filter, interlace
	if len(data) < 29 || string(data[12:16]) != "IHDR" {
		return false
	}
	return data[24] == 16 || data[28] == 1
}

// plainPNG decodes a PNG and encodes it again with 8 bits a channel, not interlaced, its alpha
// kept.
func plainPNG(data []byte) ([]byte, error) {
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	b := img.Bounds()
	out := image.NewNRGBA(b)
	draw.Draw(out, b, img, b.Min, draw.Src)
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, out); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// jpegEnds reports whether a JPEG's image data is followed by its end marker: the segments are
// walked to the first start of scan (skipping an EXIF thumbnail, which has an end marker of its
// own), and an end marker must come after it. A file cut short shows as a grey band on the page.
func jpegEnds(data []byte) bool {
	i := 2
	for i+4 <= len(data) {
		if data[i] != 0xFF {
			return false
		}
		marker := data[i+1]
		if marker == 0xFF { // fill byte
			i++
			continue
		}
		if marker == 0xDA { // start of scan
			return bytes.Contains(data[i:], []byte{0xFF, 0xD9})
		}
		n := int(data[i+2])<<8 | int(data[i+3])
		i += 2 + n
	}
	return false
}
