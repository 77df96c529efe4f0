package report

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/jpeg"
)

// A phone or camera stores a photo as its sensor saw it and says in the EXIF Orientation tag
// how to turn it upright; neither the PDF writer nor a PDF viewer reads that tag, so the loader
// turns the pixels itself (uprightJPEG) and the layout sees the upright size. The parser reads
// only what it needs — the first APP1 "Exif" segment before the image data, its TIFF header and
// the first directory — and every offset is checked against the segment's length, so damaged or
// hostile EXIF costs nothing and is taken as "upright".

// orientTag is the EXIF (TIFF) tag of the orientation, a SHORT of 1 … 8.
const orientTag = 0x0112

// exifOrientation is the EXIF orientation of a JPEG (1 … 8), 1 when it has none or a damaged one.
func exifOrientation(data []byte) int {
	o := 1
	jpegSegments(data, func(marker byte, payload []byte) bool {
		if marker == 0xE1 && bytes.HasPrefix(payload, []byte("Exif\x00\x00")) {
			o = tiffOrientation(payload[6:])
			return false
		}
		return true
	})
	return o
}

// adobeMarked reports whether a JPEG has the APP14 "Adobe" segment, which says how the inks of
// a four-channel (CMYK or YCCK) JPEG are stored; without it they cannot be known.
func adobeMarked(data []byte) bool {
	found := false
	jpegSegments(data, func(marker byte, payload []byte) bool {
		found = marker == 0xEE && bytes.HasPrefix(payload, []byte("Adobe"))
		return !found
	})
	return found
}

// jpegSegments calls fn with each marker segment of a JPEG before its image data (its payload
// cut at the end of the file if the length says more), until fn returns false.
func jpegSegments(data []byte, fn func(marker byte, payload []byte) bool) {
	i := 2 // after the start-of-image marker
	for i+4 <= len(data) {
		if data[i] != 0xFF {
			return
		}
		marker := data[i+1]
		if marker == 0xFF { // fill byte
			i++
			continue
		}
		if marker == 0xDA || marker == 0xD9 { // start of scan, end of image
			return
		}
		n := int(binary.BigEndian.Uint16(data[i+2:]))
		if n < 2 || !fn(marker, data[i+4:min(i+2+n, len(data))]) {
			return
		}
		i += 2 + n
	}
}

// tiffOrientation reads the orientation from the first directory of a TIFF structure.
func tiffOrientation(t []byte) int {
	if len(t) < 8 {
		return 1
	}
	var order binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		order = binary.LittleEndian
	case "MM":
		order = binary.BigEndian
	default:
		return 1
	}
	if order.Uint16(t[2:]) != 42 {
		return 1
	}
	ifd := uint64(order.Uint32(t[4:]))
	if ifd+2 > uint64(len(t)) {
		return 1
	}
	count := uint64(order.Uint16(t[ifd:]))
	for k := range count {
		e := ifd + 2 + 12*k
		if e+12 > uint64(len(t)) {
			return 1
		}
		if order.Uint16(t[e:]) != orientTag {
			continue
		}
		// type SHORT (3), one value, stored in the first two bytes of the value field
		if order.Uint16(t[e+2:]) != 3 || order.Uint32(t[e+4:]) < 1 {
			return 1
		}
		if v := int(order.Uint16(t[e+8:])); v >= 1 && v <= 8 {
			return v
		}
		return 1
	}
	return 1
}

// swapsSides reports whether orientation o turns the picture a quarter, exchanging its width
// and height.
func swapsSides(o int) bool { return o >= 5 && o <= 8 }

// orientedFrom maps a pixel (x, y) of the upright picture to the pixel of the stored one, of
// w × h pixels, that shows there, for EXIF orientation o.
func orientedFrom(o, x, y, w, h int) (sx, sy int) {
	switch o {
	case 2: // mirrored left to right
		return w - 1 - x, y
	case 3: // upside down
		return w - 1 - x, h - 1 - y
	case 4: // mirrored top to bottom
		return x, h - 1 - y
	case 5: // mirrored along the main diagonal
		return y, x
	case 6: // stored a quarter turn anticlockwise: shown turned clockwise
		return y, h - 1 - x
	case 7: // mirrored along the other diagonal
		return w - 1 - y, h - 1 - x
	case 8: // stored a quarter turn clockwise: shown turned anticlockwise
		return w - 1 - y, x
	}
	return x, y
}

// upright turns a decoded picture as orientation o says. Colour and gray pictures are turned
// plane by plane (a YCbCr one into full-resolution chroma); any other kind pixel by pixel.
func upright(src image.Image, o int) image.Image {
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	dw, dh := w, h
	if swapsSides(o) {
		dw, dh = h, w
	}
	r := image.Rect(0, 0, dw, dh)
	switch s := src.(type) {
	case *image.YCbCr:
		d := image.NewYCbCr(r, image.YCbCrSubsampleRatio444)
		for y := range dh {
			for x := range dw {
				sx, sy := orientedFrom(o, x, y, w, h)
				sx, sy = sx+b.Min.X, sy+b.Min.Y
				i := d.YOffset(x, y)
				d.Y[i] = s.Y[s.YOffset(sx, sy)]
				c := s.COffset(sx, sy)
				d.Cb[i], d.Cr[i] = s.Cb[c], s.Cr[c]
			}
		}
		return d
	case *image.Gray:
		d := image.NewGray(r)
		for y := range dh {
			for x := range dw {
				sx, sy := orientedFrom(o, x, y, w, h)
				d.Pix[y*d.Stride+x] = s.Pix[s.PixOffset(sx+b.Min.X, sy+b.Min.Y)]
			}
		}
		return d
	case *image.CMYK:
		d := image.NewCMYK(r)
		for y := range dh {
			for x := range dw {
				sx, sy := orientedFrom(o, x, y, w, h)
				copy(d.Pix[d.PixOffset(x, y):][:4], s.Pix[s.PixOffset(sx+b.Min.X, sy+b.Min.Y):])
			}
		}
		return d
	}
	d := image.NewRGBA(r)
	for y := range dh {
		for x := range dw {
			sx, sy := orientedFrom(o, x, y, w, h)
			d.Set(x, y, src.At(sx+b.Min.X, sy+b.Min.Y))
		}
	}
	return d
}

// uprightQuality is the JPEG quality a turned photo is written at: high, since it is one more
// generation of loss on a photo that may go to print.
const uprightQuality = 95

// uprightJPEG decodes a JPEG, turns it upright as orientation o says and encodes it again,
// without EXIF (so that nothing turns it a second time).
func uprightJPEG(data []byte, o int) ([]byte, error) {
	img, err := jpeg.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, upright(img, o), &jpeg.Options{Quality: uprightQuality}); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
