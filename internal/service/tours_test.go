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

// tourPlace makes a producer with one product in a commune.
func tourPlace(t *testing.T, db *store.DB, name, product, province, commune string) (*ocop.Producer, *ocop.Product) {
	t.Helper()
	ctx := context.Background()
	p := &ocop.Producer{Name: name, LegalType: "hop_tac_xa", ProvinceCode: province, CommuneCode: commune, Status: ocop.UserActive}
	prod := &ocop.Product{Name: product, ProvinceCode: province, CommuneCode: commune}
	err := db.Update(ctx, ocop.System, func(tx *store.Tx) error {
		if err := tx.CreateProducer(ctx, p); err != nil {
			return err
		}
		prod.ProducerID = p.ID
		return tx.CreateProduct(ctx, prod)
	})
	if err != nil {
		t.Fatal(err)
	}
	return p, prod
}

// Nam Định's two-day study tour (Nam Định is now part of Ninh Bình) to
// producers and OCOP sales points in Ninh Bình and Thanh Hóa: the
// Ninh Bình office picks the producers and products it may see by id and
// names the Thanh Hóa ones as places.
func TestStudyTourItinerary(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := newService(db)
		var err error
		if svc.Files, err = files.Open(t.TempDir()); err != nil {
			t.Fatal(err)
		}
		office := staff(t, db, "taphuan.ninhbinh", ocop.RoleProvince, ocop.ProvinceScope("37"))
		trainer := staff(t, db, "giangvien.ninhbinh", ocop.RoleTrainer, ocop.ProvinceScope("37"))
		thanhhoa := staff(t, db, "taphuan.thanhhoa", ocop.RoleProvince, ocop.ProvinceScope("38"))
		trainee := staff(t, db, "canbo.namdinh", ocop.RoleCommune, ocop.CommuneScope("37", "13669"))
		stranger := staff(t, db, "canbo.thanhhoa", ocop.RoleCommune, ocop.CommuneScope("38", "14758"))
		nb, nbProduct := tourPlace(t, db, "HTX Nông nghiệp Kim Sơn", "Chiếu cói Kim Sơn", "37", "13285")
		th, _ := tourPlace(t, db, "HTX Nem chua Hạc Thành", "Nem chua Thanh Hóa", "38", "14797")

		in := courseInput()
		in.Title = "Tham quan học tập mô hình OCOP tại Ninh Bình và Thanh Hóa (đoàn Nam Định)"
		in.Type, in.StartDate, in.EndDate = ocop.CourseStudyTour, "15/10/2026", "16/10/2026"
		tour, err := svc.CreateCourse(ctx, office, in)
		if err != nil {
			t.Fatal(err)
		}
		stops := []service.TourStopInput{
			{Date: "15/10/2026", Time: "08:30", Order: 1, Kind: ocop.StopProducer, ProducerID: nb.ID,
				Notes: "Tìm hiểu chuỗi liên kết vùng nguyên liệu cói."},
			{Date: "15/10/2026", Time: "10:00", Order: 2, Kind: ocop.StopProduct, ProductID: nbProduct.ID},
			{Date: "15/10/2026", Time: "14:00", Order: 3, Kind: ocop.StopPlace, PlaceName: "Điểm giới thiệu và bán sản phẩm OCOP tỉnh Ninh Bình",
				Address: "Phường Hoa Lư, Ninh Bình"},
			{Date: "16/10/2026", Time: "09:00", Order: 1, Kind: ocop.StopPlace, PlaceName: "Cửa hàng giới thiệu sản phẩm OCOP Thanh Hóa",
				Address: "Phường Hạc Thành, Thanh Hóa"},
		}
		for i := len(stops) - 1; i >= 0; i-- { // entered backwards, listed in visiting order
			if _, err := svc.AddTourStop(ctx, office, tour.ID, stops[i]); err != nil {
				t.Fatalf("stop %d: %v", i, err)
			}
		}
		// A Thanh Hóa producer is outside what the office may see; a trainer
		// picks no producers at all; the dates are the tour's.
		for name, c := range map[string]struct {
			u     *ocop.User
			in    service.TourStopInput
			field string
		}{
			"Thanh Hóa producer": {office, service.TourStopInput{Date: "16/10/2026", Kind: ocop.StopProducer, ProducerID: th.ID}, "producer_id"},
			"trainer's producer": {trainer, service.TourStopInput{Date: "16/10/2026", Kind: ocop.StopProducer, ProducerID: nb.ID}, "producer_id"},
			"outside the dates":  {office, service.TourStopInput{Date: "17/10/2026", Kind: ocop.StopPlace, PlaceName: "Chợ"}, "stop_date"},
			"place without name": {office, service.TourStopInput{Date: "16/10/2026", Kind: ocop.StopPlace}, "place_name"},
			"unknown kind":       {office, service.TourStopInput{Date: "16/10/2026", Kind: "bus"}, "kind"},
		} {
			if _, err := svc.AddTourStop(ctx, c.u, tour.ID, c.in); fieldErrors(err)[c.field] == "" {
				t.Errorf("%s: %v, want an error on %s", name, err, c.field)
			}
		}
		if _, err := svc.AddTourStop(ctx, thanhhoa, tour.ID, stops[3]); ocop.ErrorCode(err) != ocop.ENOTFOUND {
			t.Errorf("Thanh Hóa's office adds to Ninh Bình's tour: %v", err)
		}
		classroom, err := svc.CreateCourse(ctx, office, courseInput())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.AddTourStop(ctx, office, classroom.ID, stops[3]); ocop.ErrorCode(err) != ocop.ECONFLICT {
			t.Errorf("a stop on a classroom course: %v", err)
		}

		list, err := svc.TourStops(ctx, trainee, tour.ID)
		if err != nil || len(list) != 4 {
			t.Fatalf("itinerary: %v %v", list, err)
		}
		want := []string{"HTX Nông nghiệp Kim Sơn", "Chiếu cói Kim Sơn", "Điểm giới thiệu và bán sản phẩm OCOP tỉnh Ninh Bình",
			"Cửa hàng giới thiệu sản phẩm OCOP Thanh Hóa"}
		for i, st := range list {
			got := map[string]string{ocop.StopProducer: st.ProducerName, ocop.StopProduct: st.ProductName, ocop.StopPlace: st.PlaceName}[st.Kind]
			if got != want[i] {
				t.Errorf("stop %d is %q, want %q", i+1, got, want[i])
			}
		}
		if list[1].ProducerName != nb.Name || list[0].Notes == "" || list[3].Date != "2026-10-16" || list[0].Time != "08:30" {
			t.Errorf("stops: %+v %+v", list[0], list[1])
		}
		if _, err := svc.TourStops(ctx, stranger, tour.ID); ocop.ErrorCode(err) != ocop.ENOTFOUND {
			t.Errorf("a Thanh Hóa trainee reads Ninh Bình's tour: %v", err)
		}

		// Photos: sniffed images only; read back by those who see the course.
		if _, err := svc.AddTourPhoto(ctx, office, tour.ID, list[0].ID, "Xưởng dệt chiếu", "x.jpg", bytes.NewReader([]byte("không phải ảnh"))); fieldErrors(err)["file"] == "" {
			t.Errorf("a text file as a photo: %v", err)
		}
		ph, err := svc.AddTourPhoto(ctx, office, tour.ID, list[0].ID, "Xưởng dệt chiếu", "xuong.jpg", bytes.NewReader(testJPEG))
		if err != nil {
			t.Fatal(err)
		}
		_, f, err := svc.TourPhotoFile(ctx, trainee, tour.ID, list[0].ID, ph.ID)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(f)
		f.Close()
		if !bytes.Equal(b, testJPEG) {
			t.Error("the photo read back differs")
		}
		if _, _, err := svc.TourPhotoFile(ctx, trainee, tour.ID, list[1].ID, ph.ID); ocop.ErrorCode(err) != ocop.ENOTFOUND {
			t.Errorf("a photo through another stop: %v", err)
		}
		if err := svc.DeleteTourStop(ctx, office, tour.ID, list[0].ID); err != nil {
			t.Fatal(err)
		}
		if list, _ := svc.TourStops(ctx, office, tour.ID); len(list) != 3 {
			t.Errorf("after deleting a stop: %d stops", len(list))
		}
		rows, err := db.AuditEntries(ctx, store.AuditFilter{Entity: "course", EntityID: itoa(tour.ID), Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		actions := map[string]int{}
		for _, r := range rows {
			actions[r.Action]++
		}
		if actions["training.tour_stop_add"] != 4 || actions["training.tour_photo_add"] != 1 || actions["training.tour_stop_delete"] != 1 {
			t.Errorf("audit actions %v", actions)
		}
	})
}
