package service_test

import (
	"bytes"
	"context"
	"io"
	"testing"

	"github.com/ocopvn/ocop/internal/files"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
	"github.com/ocopvn/ocop/internal/testutil"
)

var testJPEG = []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")

func TestProductPhotos(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := newService(db)
		var err error
		if svc.Files, err = files.Open(t.TempDir()); err != nil {
			t.Fatal(err)
		}
		u, p, officer := confirmedProducer(t, db, svc)
		prod, err := svc.CreateProduct(ctx, u, p.ID, service.ProductInput{Name: "Chè Shan tuyết", Card: 13})
		if err != nil {
			t.Fatal(err)
		}
		// A second producer of the same commune, with its own account.
		reg := validRegistration()
		reg.ProducerName, reg.Username = "HTX Mận Chiềng Mai", "chuthe.man"
		other, op, err := svc.Register(ctx, reg)
		if err != nil {
			t.Fatal(err)
		}
		if _, err = svc.ReviewProducer(ctx, officer, op.ID, 0, true, ""); err != nil {
			t.Fatal(err)
		}
		other.Status = ocop.UserActive

		first, err := svc.AddPhoto(ctx, u, prod.ID, "Búp chè trên cây cổ thụ", "bup-che.jpg", bytes.NewReader(testJPEG))
		if err != nil || !first.Main || first.ContentType != "image/jpeg" {
			t.Fatalf("first photo: %+v %v", first, err)
		}
		second, err := svc.AddPhoto(ctx, u, prod.ID, "Hộp chè 100 g", "hop.jpg", bytes.NewReader(testJPEG))
		if err != nil || second.Main {
			t.Fatalf("second photo: %+v %v", second, err)
		}
		for name, tc := range map[string]struct {
			caption, file string
			data          []byte
			field, want   string
		}{
			"oversized":         {"Ảnh lớn", "lon.jpg", append(bytes.Clone(testJPEG), make([]byte, files.MaxImageSize)...), "file", "err.image_too_large"},
			"script as jpg":     {"Ảnh giả", "anh.jpg", []byte("<script>alert(1)</script>"), "file", "err.image_type"},
			"pdf":               {"Giấy tờ", "giay.pdf", testPDF, "file", "err.image_type"},
			"without a caption": {"  ", "anh.jpg", testJPEG, "caption", "err.required"},
		} {
			if _, err := svc.AddPhoto(ctx, u, prod.ID, tc.caption, tc.file, bytes.NewReader(tc.data)); fieldErrors(err)[tc.field] != tc.want {
				t.Errorf("%s: %v, want %s on %s", name, err, tc.want, tc.field)
			}
		}
		// Another producer neither uploads to nor sees this product's photos.
		if _, err := svc.AddPhoto(ctx, other, prod.ID, "Ảnh", "a.jpg", bytes.NewReader(testJPEG)); ocop.ErrorCode(err) != ocop.ENOTFOUND {
			t.Errorf("other producer uploading: %v", err)
		}
		if _, _, err := svc.PhotoFile(ctx, other, prod.ID, first.ID); ocop.ErrorCode(err) != ocop.ENOTFOUND {
			t.Errorf("other producer reading: %v", err)
		}
		if err := svc.DeletePhoto(ctx, other, prod.ID, first.ID); ocop.ErrorCode(err) != ocop.ENOTFOUND {
			t.Errorf("other producer deleting: %v", err)
		}
		// The commune officer sees them but cannot change them.
		if _, f, err := svc.PhotoFile(ctx, officer, prod.ID, second.ID); err != nil {
			t.Errorf("officer reading: %v", err)
		} else {
			got, _ := io.ReadAll(f)
			f.Close()
			if !bytes.Equal(got, testJPEG) {
				t.Error("officer got other bytes")
			}
		}
		if err := svc.SetMainPhoto(ctx, officer, prod.ID, second.ID); ocop.ErrorCode(err) != ocop.EFORBIDDEN {
			t.Errorf("officer choosing the main photo: %v", err)
		}
		// A photo of another product is not reachable through this one.
		prod2, _ := svc.CreateProduct(ctx, u, p.ID, service.ProductInput{Name: "Chè xanh", Card: 13})
		if err := svc.SetMainPhoto(ctx, u, prod2.ID, second.ID); ocop.ErrorCode(err) != ocop.ENOTFOUND {
			t.Errorf("photo through another product: %v", err)
		}
		if err := svc.SetMainPhoto(ctx, u, prod.ID, second.ID); err != nil {
			t.Fatal(err)
		}
		list, _ := svc.Photos(ctx, u, prod.ID)
		if len(list) != 2 || list[0].ID != second.ID || !list[0].Main || list[1].Main {
			t.Fatalf("after choosing the main photo: %+v", list)
		}
		// Deleting the main photo hands the role to the one left.
		if err := svc.DeletePhoto(ctx, u, prod.ID, second.ID); err != nil {
			t.Fatal(err)
		}
		list, _ = svc.Photos(ctx, u, prod.ID)
		if len(list) != 1 || list[0].ID != first.ID || !list[0].Main {
			t.Fatalf("after deleting the main photo: %+v", list)
		}
		if _, err := svc.Files.Get(second.FileKey); ocop.ErrorCode(err) != ocop.ENOTFOUND {
			t.Errorf("deleted photo's file still there: %v", err)
		}
		if res, _ := db.VerifyAudit(ctx); !res.OK() {
			t.Errorf("audit chain: %+v", res)
		}
	})
}
