package pdfsig

import (
	"bytes"
	"crypto/x509"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// A signature update, as lia sign writes it and lia verify accepts it, adds
// exactly: a signature dictionary (/Type /Sig), one invisible signature
// field merged with its widget annotation, the page the widget sits on with
// the widget appended to its /Annots, and the interactive form (/AcroForm)
// with the field appended to its /Fields (new in the first update, with the
// catalog rewritten only to point at it). Nothing else may change.

// sigUpdate describes one checked signature update.
type sigUpdate struct {
	sig    *Indirect // the signature dictionary
	widget *Indirect
	field  string // the field's name (/T)
}

var sigDictKeys = []Name{"Type", "Filter", "SubFilter", "ByteRange", "Contents", "M", "Name", "Reason", "Location", "ContactInfo", "Prop_Build"}
var widgetKeys = []Name{"Type", "Subtype", "FT", "T", "V", "P", "Rect", "F"}

// checkUpdate checks that revision i (i >= 1) is a signature update and
// nothing else.
func (f *File) checkUpdate(i int) (*sigUpdate, error) {
	prev, r := f.Revs[i-1], f.Revs[i]
	base := f.Revs[0].Trailer
	prevSize := int(prev.Trailer.Get("Size").(Int))
	for _, k := range r.Trailer.Keys {
		if !slices.Contains([]Name{"Size", "Root", "Info", "Prev"}, k) {
			return nil, fmt.Errorf("the trailer has /%s, which a signature update does not add", k)
		}
	}
	if !Equal(r.Trailer.Get("Root"), base.Get("Root")) || !Equal(r.Trailer.Get("Info"), base.Get("Info")) {
		return nil, errors.New("the update replaces the document's catalog or information dictionary")
	}
	rootRef, ok := base.Get("Root").(Ref)
	if !ok {
		return nil, errors.New("the trailer has no /Root")
	}
	if int(r.Trailer.Get("Size").(Int)) < prevSize {
		return nil, errors.New("the update shrinks the cross-reference table")
	}
	u := &sigUpdate{}
	var acroNew, acroOld *Indirect // the form as rewritten or added here
	var page *Indirect
	var catalog *Indirect
	for _, o := range r.Objects {
		isNew := o.Num >= prevSize
		d, _ := o.Value.(*Dict)
		switch {
		case o.IsStream || d == nil:
			return nil, fmt.Errorf("the update adds or changes object %d, which is not part of a signature", o.Num)
		case isNew && d.Get("Type") == Name("Sig"):
			if u.sig != nil {
				return nil, errors.New("the update has two signature dictionaries")
			}
			u.sig = o
		case isNew && d.Get("Subtype") == Name("Widget"):
			if u.widget != nil {
				return nil, errors.New("the update has two signature fields")
			}
			u.widget = o
		case isNew && d.Get("Fields") != nil:
			if acroNew != nil || acroOld != nil {
				return nil, errors.New("the update has two interactive forms")
			}
			acroNew = o
		case !isNew && o.Num == rootRef.Num:
			catalog = o
		case !isNew && d.Get("Type") == Name("Page"):
			if page != nil {
				return nil, errors.New("the update changes two pages")
			}
			page = o
		case !isNew && d.Get("Fields") != nil:
			if acroNew != nil || acroOld != nil {
				return nil, errors.New("the update has two interactive forms")
			}
			acroOld = o
		default:
			return nil, fmt.Errorf("the update adds or changes object %d, which is not part of a signature", o.Num)
		}
	}
	if u.sig == nil || u.widget == nil || page == nil || acroNew == nil && acroOld == nil {
		return nil, errors.New("the update is not a complete signature (a signature, its field, its page and the form)")
	}
	sig := u.sig.Value.(*Dict)
	for _, k := range sig.Keys {
		if !slices.Contains(sigDictKeys, k) {
			return nil, fmt.Errorf("the signature dictionary has /%s, which lia does not write", k)
		}
	}
	if sig.Get("Filter") != Name("Adobe.PPKLite") || sig.Get("SubFilter") != Name("ETSI.CAdES.detached") {
		return nil, errors.New("the signature is not /Adobe.PPKLite with /SubFilter /ETSI.CAdES.detached (PAdES)")
	}
	w := u.widget.Value.(*Dict)
	for _, k := range w.Keys {
		if !slices.Contains(widgetKeys, k) {
			return nil, fmt.Errorf("the signature field has /%s, which lia does not write", k)
		}
	}
	sigRef := Ref{u.sig.Num, 0}
	widgetRef := Ref{u.widget.Num, 0}
	pageRef := Ref{page.Num, 0}
	if w.Get("FT") != Name("Sig") || !Equal(w.Get("V"), sigRef) || !Equal(w.Get("P"), pageRef) || !Equal(w.Get("Rect"), Array{Int(0), Int(0), Int(0), Int(0)}) {
		return nil, errors.New("the signature field does not hold this update's signature on its page")
	}
	t, ok := w.Get("T").(String)
	if !ok {
		return nil, errors.New("the signature field has no name")
	}
	u.field = Text(t)
	// The page: as before, with the widget appended to /Annots.
	oldPage, _ := f.Resolve(Ref{page.Num, 0}, i-1).(*Dict)
	if oldPage == nil || oldPage.Get("Type") != Name("Page") {
		return nil, errors.New("the signature's page is not a page of the document")
	}
	if err := sameExcept(oldPage, page.Value.(*Dict), "Annots", widgetRef); err != nil {
		return nil, fmt.Errorf("the update changes the page: %w", err)
	}
	// The form: new (and the catalog now points at it), or as before with
	// the field appended.
	oldCatalog, _ := f.Resolve(rootRef, i-1).(*Dict)
	if oldCatalog == nil {
		return nil, errors.New("the document has no catalog")
	}
	newCatalog := oldCatalog
	if catalog != nil {
		newCatalog = catalog.Value.(*Dict)
	}
	acroRef, _ := newCatalog.Get("AcroForm").(Ref)
	if acroNew != nil {
		if catalog == nil || oldCatalog.Get("AcroForm") != nil || acroRef.Num != acroNew.Num {
			return nil, errors.New("the update's form is not the document's form")
		}
		if err := sameExcept(oldCatalog, newCatalog, "AcroForm", nil); err != nil {
			return nil, fmt.Errorf("the update changes the catalog: %w", err)
		}
		want := &Dict{}
		want.Set("Fields", Array{widgetRef})
		want.Set("SigFlags", Int(3))
		if !Equal(acroNew.Value, want) {
			return nil, errors.New("the update's form has entries lia does not write")
		}
	} else {
		if catalog != nil || acroRef.Num != acroOld.Num {
			return nil, errors.New("the update changes the catalog or a form that is not the document's")
		}
		old, _ := f.Resolve(acroRef, i-1).(*Dict)
		if old == nil {
			return nil, errors.New("the document's form is missing")
		}
		if err := sameExcept(old, acroOld.Value.(*Dict), "Fields", widgetRef); err != nil {
			return nil, fmt.Errorf("the update changes the form: %w", err)
		}
	}
	return u, nil
}

// sameExcept checks that b is a with key key added (when appended is nil)
// or with appended added to the end of the array at key.
func sameExcept(a, b *Dict, key Name, appended Object) error {
	for k, v := range a.Vals {
		if k != key && !Equal(v, b.Vals[k]) {
			return fmt.Errorf("/%s differs", k)
		}
	}
	for k := range b.Vals {
		if _, ok := a.Vals[k]; !ok && k != key {
			return fmt.Errorf("/%s was added", k)
		}
	}
	nv := b.Get(key)
	if appended == nil {
		if nv == nil || a.Get(key) != nil {
			return fmt.Errorf("/%s was not added", key)
		}
		return nil
	}
	var old Array
	if ov := a.Get(key); ov != nil {
		var ok bool
		if old, ok = ov.(Array); !ok {
			return fmt.Errorf("/%s is not an array", key)
		}
	}
	if !Equal(nv, append(append(Array(nil), old...), appended)) {
		return fmt.Errorf("/%s is not the old one with the signature appended", key)
	}
	return nil
}

// SignOptions say who signs and what the signature dictionary records.
type SignOptions struct {
	Credentials *Credentials
	// Role is claimed in the CMS (signer-attributes-v2); empty for none.
	Role string
	// Reason, Location and ContactInfo go into the signature dictionary.
	Reason, Location, ContactInfo string
	// Time is the time of signing, written as /M.
	Time time.Time
}

// Contents hex strings are this much larger than the largest signature a
// key makes, so that DER length octets never make it overflow.
const contentsSlack = 64

// byteRangeSlot is the width reserved for the /ByteRange array, filled in
// once the offsets are known and padded with spaces.
const byteRangeSlot = 60

// Sign appends a signature update to pdf and returns the new file; pdf
// itself is not changed. It refuses a PDF with anything but signature
// updates after the base, and credentials that CheckCertificate refuses at
// opts.Time.
func Sign(pdf []byte, opts SignOptions) ([]byte, error) {
	c := opts.Credentials
	if c == nil || c.Key == nil || c.Cert == nil {
		return nil, errors.New("no signing key and certificate")
	}
	if err := c.check(); err != nil {
		return nil, err
	}
	if err := CheckCertificate(c.Cert, opts.Time); err != nil {
		return nil, err
	}
	f, err := Parse(pdf)
	if err != nil {
		return nil, err
	}
	if f.TailErr != nil {
		return nil, fmt.Errorf("the PDF has bytes after its last revision that lia cannot read: %w", f.TailErr)
	}
	fields := map[string]bool{}
	for i := 1; i < len(f.Revs); i++ {
		u, err := f.checkUpdate(i)
		if err != nil {
			return nil, fmt.Errorf("revision %d is not a signature update: %w", i+1, err)
		}
		fields[u.field] = true
	}
	last := len(f.Revs) - 1
	trailer := f.Revs[last].Trailer
	rootRef, _ := trailer.Get("Root").(Ref)
	catalog, _ := f.Resolve(rootRef, last).(*Dict)
	if catalog == nil {
		return nil, errors.New("the PDF has no catalog")
	}
	pages, _ := f.Resolve(catalog.Get("Pages"), last).(*Dict)
	var kids Array
	if pages != nil {
		kids, _ = pages.Get("Kids").(Array)
	}
	if len(kids) == 0 {
		return nil, errors.New("the PDF has no pages")
	}
	pageRef, ok := kids[len(kids)-1].(Ref)
	page, _ := f.Resolve(pageRef, last).(*Dict)
	if !ok || page == nil || page.Get("Type") != Name("Page") {
		return nil, errors.New("the PDF's last page cannot be read")
	}
	size := int(trailer.Get("Size").(Int))
	sigNum, widgetNum := size, size+1
	size += 2
	widgetRef := Ref{widgetNum, 0}

	objs := map[int]Object{}
	acro, hasForm := catalog.Get("AcroForm").(Ref)
	if hasForm {
		form, _ := f.Resolve(acro, last).(*Dict)
		if form == nil {
			return nil, errors.New("the PDF's form cannot be read")
		}
		nf := form.clone()
		fs, _ := form.Get("Fields").(Array)
		nf.Set("Fields", append(append(Array(nil), fs...), widgetRef))
		objs[acro.Num] = nf
	} else {
		if catalog.Get("AcroForm") != nil {
			return nil, errors.New("the PDF has a form lia did not write")
		}
		acro = Ref{size, 0}
		size++
		nf := &Dict{}
		nf.Set("Fields", Array{widgetRef})
		nf.Set("SigFlags", Int(3)) // SignaturesExist | AppendOnly
		objs[acro.Num] = nf
		nc := catalog.clone()
		nc.Set("AcroForm", acro)
		objs[rootRef.Num] = nc
	}
	np := page.clone()
	var annots Array
	if a := page.Get("Annots"); a != nil {
		if annots, ok = a.(Array); !ok {
			return nil, errors.New("the page's annotations cannot be read")
		}
	}
	np.Set("Annots", append(append(Array(nil), annots...), widgetRef))
	objs[pageRef.Num] = np

	name := ""
	for n := len(fields) + 1; ; n++ {
		if name = fmt.Sprintf("Signature%d", n); !fields[name] {
			break
		}
	}
	w := &Dict{}
	w.Set("Type", Name("Annot"))
	w.Set("Subtype", Name("Widget"))
	w.Set("FT", Name("Sig"))
	w.Set("T", TextString(name))
	w.Set("V", Ref{sigNum, 0})
	w.Set("P", pageRef)
	w.Set("Rect", Array{Int(0), Int(0), Int(0), Int(0)})
	w.Set("F", Int(132)) // Print | Locked
	objs[widgetNum] = w

	// The CMS's size does not depend on the signed bytes: measure it with a
	// zero signature of the key's largest size.
	dummy, err := buildCMS(make([]byte, 64), c.Key, c.Cert, c.Chain, opts.Role, true)
	if err != nil {
		return nil, err
	}
	contentsLen := 2 * (len(dummy) + contentsSlack)

	var out bytes.Buffer
	out.Grow(len(pdf) + contentsLen + 4096)
	out.Write(pdf)
	if pdf[len(pdf)-1] != '\n' && pdf[len(pdf)-1] != '\r' {
		out.WriteByte('\n')
	}
	offsets := map[int]int{}
	nums := make([]int, 0, len(objs)+1)
	for n := range objs {
		nums = append(nums, n)
	}
	nums = append(nums, sigNum)
	slices.Sort(nums)
	var brPos, contentsPos int
	for _, n := range nums {
		offsets[n] = out.Len()
		fmt.Fprintf(&out, "%d 0 obj\n", n)
		if n != sigNum {
			write(&out, objs[n])
			out.WriteString("\nendobj\n")
			continue
		}
		out.WriteString("<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange ")
		brPos = out.Len()
		out.WriteString(strings.Repeat(" ", byteRangeSlot))
		out.WriteString(" /Contents ")
		contentsPos = out.Len()
		out.WriteByte('<')
		out.WriteString(strings.Repeat("0", contentsLen))
		out.WriteByte('>')
		out.WriteString(" /M ")
		write(&out, String{B: []byte(pdfDate(opts.Time))})
		for _, kv := range []struct {
			k Name
			v string
		}{{"Name", SubjectName(c.Cert)}, {"Reason", opts.Reason}, {"Location", opts.Location}, {"ContactInfo", opts.ContactInfo}} {
			if kv.v != "" {
				out.WriteByte(' ')
				write(&out, kv.k)
				out.WriteByte(' ')
				write(&out, TextString(kv.v))
			}
		}
		out.WriteString(" /Prop_Build << /App << /Name /lia >> >> >>\nendobj\n")
	}
	xref := out.Len()
	out.WriteString("xref\n")
	for i := 0; i < len(nums); {
		j := i
		for j+1 < len(nums) && nums[j+1] == nums[j]+1 {
			j++
		}
		fmt.Fprintf(&out, "%d %d\n", nums[i], j-i+1)
		for k := i; k <= j; k++ {
			fmt.Fprintf(&out, "%010d 00000 n \n", offsets[nums[k]])
		}
		i = j + 1
	}
	t := &Dict{}
	t.Set("Size", Int(size))
	t.Set("Root", rootRef)
	if info := trailer.Get("Info"); info != nil {
		t.Set("Info", info)
	}
	t.Set("Prev", Int(f.Revs[last].XRef))
	out.WriteString("trailer\n")
	write(&out, t)
	fmt.Fprintf(&out, "\nstartxref\n%d\n%%%%EOF\n", xref)

	b := out.Bytes()
	contentsEnd := contentsPos + contentsLen + 2
	br := fmt.Sprintf("[0 %d %d %d]", contentsPos, contentsEnd, len(b)-contentsEnd)
	if len(br) > byteRangeSlot {
		return nil, errors.New("the PDF is too large to sign")
	}
	copy(b[brPos:], br)
	h, _, _, _ := algorithms(c.Cert.PublicKey)
	hh := h.New()
	hh.Write(b[:contentsPos])
	hh.Write(b[contentsEnd:])
	der, err := buildCMS(hh.Sum(nil), c.Key, c.Cert, c.Chain, opts.Role, false)
	if err != nil {
		return nil, err
	}
	if 2*len(der) > contentsLen {
		return nil, errors.New("the signature is larger than the space reserved for it")
	}
	copy(b[contentsPos+1:], fmt.Sprintf("%X", der))
	// Read back what was written, as lia verify will.
	if _, err := verifyRevision(b, len(pdf)); err != nil {
		return nil, fmt.Errorf("the signed PDF does not verify: %w", err)
	}
	return b, nil
}

// pdfDate writes a time as a PDF date in UTC.
func pdfDate(t time.Time) string {
	return "D:" + t.UTC().Format("20060102150405") + "Z"
}

// parsePDFDate reads the dates pdfDate and other tools write:
// D:YYYYMMDDHHmmSS followed by Z, +HH'mm' or -HH'mm' (apostrophes optional).
func parsePDFDate(s string) (time.Time, error) {
	bad := fmt.Errorf("bad PDF date %q", s)
	if !strings.HasPrefix(s, "D:") || len(s) < 16 {
		return time.Time{}, bad
	}
	t, err := time.Parse("20060102150405", s[2:16])
	if err != nil {
		return time.Time{}, bad
	}
	switch z := strings.ReplaceAll(s[16:], "'", ""); {
	case z == "" || z == "Z" || z == "Z0000":
		return t, nil
	case len(z) == 5 && (z[0] == '+' || z[0] == '-'):
		off, err := time.Parse("1504", z[1:])
		if err != nil {
			return time.Time{}, bad
		}
		d := time.Duration(off.Hour())*time.Hour + time.Duration(off.Minute())*time.Minute
		if z[0] == '+' {
			d = -d
		}
		return t.Add(d), nil
	}
	return time.Time{}, bad
}

// chainPool makes an intermediates pool from a signature's certificates.
func chainPool(certs []*x509.Certificate, signer *x509.Certificate) *x509.CertPool {
	p := x509.NewCertPool()
	for _, c := range certs {
		if c != signer {
			p.AddCert(c)
		}
	}
	return p
}
