package raster

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
	"io"
)

// encodePNG writes an opaque RGBA picture as an 8-bit RGB PNG. image/png chooses a filter per
// row by trying all five, which cost more than drawing the page; every row here is Paeth
// filtered (the filter that suits photos and flat text alike), except a row equal to the one
// above (the white between lines of text), which the Up filter makes zeros without the
// predictor's work, and deflated at the zlib level given. The bytes depend on the pixels alone.
func encodePNG(w io.Writer, img *image.RGBA, level int) error {
	b := img.Bounds()
	width, height := b.Dx(), b.Dy()
	var buf bytes.Buffer
	buf.WriteString("\x89PNG\r\n\x1a\n")
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:], uint32(width))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(height))
	ihdr[8], ihdr[9] = 8, 2 // 8 bits, truecolour; compression, filter and interlace 0
	chunk(&buf, "IHDR", ihdr[:])

	var idat bytes.Buffer
	zw, err := zlib.NewWriterLevel(&idat, level)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(zw, 64<<10)
	prev := make([]byte, 3*width)
	cur := make([]byte, 3*width)
	out := make([]byte, 1+3*width)
	for y := range height {
		row := img.Pix[img.PixOffset(b.Min.X, b.Min.Y+y):]
		for x := range width {
			copy(cur[3*x:3*x+3], row[4*x:4*x+3])
		}
		if y > 0 && bytes.Equal(cur, prev) {
			// a row like the one above (the white between lines, a tint): Up filtered it is
			// all zeros, without the predictor's work
			out[0] = 2
			clear(out[1:])
			if _, err := bw.Write(out); err != nil {
				return err
			}
			prev, cur = cur, prev
			continue
		}
		out[0] = 4 // Paeth
		for i := range cur {
			var a, c int
			if i >= 3 {
				a, c = int(cur[i-3]), int(prev[i-3])
			}
			out[1+i] = cur[i] - paeth(a, int(prev[i]), c)
		}
		if _, err := bw.Write(out); err != nil {
			return err
		}
		prev, cur = cur, prev
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	chunk(&buf, "IDAT", idat.Bytes())
	chunk(&buf, "IEND", nil)
	_, err = w.Write(buf.Bytes())
	return err
}

// paeth is the PNG Paeth predictor of a (left), b (above) and c (above left).
func paeth(a, b, c int) uint8 {
	p := a + b - c
	pa, pb, pc := abs(p-a), abs(p-b), abs(p-c)
	switch {
	case pa <= pb && pa <= pc:
		return uint8(a)
	case pb <= pc:
		return uint8(b)
	}
	return uint8(c)
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

func chunk(buf *bytes.Buffer, kind string, data []byte) {
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(data)))
	buf.Write(n[:])
	crc := crc32.NewIEEE()
	crc.Write([]byte(kind))
	crc.Write(data)
	buf.WriteString(kind)
	buf.Write(data)
	binary.BigEndian.PutUint32(n[:], crc.Sum32())
	buf.Write(n[:])
}
