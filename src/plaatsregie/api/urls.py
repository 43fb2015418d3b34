"""`/api/v1/`: the resources, the OpenAPI document (`schema/`) and its Swagger UI (`docs/`)."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from plaatsregie.api.docs import not_found, swagger
from plaatsregie.api.views.capacity import CapacityReportViewSet
from plaatsregie.api.views.indicators import IndicatorViewSet
from plaatsregie.api.views.placement import AdmissionViewSet, CandidateListViewSet, OfferViewSet
from plaatsregie.api.views.registry import FacilityViewSet, PlaceViewSet, UnitViewSet
from plaatsregie.api.views.requests import RequestViewSet

app_name = "api"

router = SimpleRouter()
router.register("facilities", FacilityViewSet, basename="facility")
router.register("units", UnitViewSet, basename="unit")
router.register("places", PlaceViewSet, basename="place")
router.register("capacity-reports", CapacityReportViewSet, basename="capacity-report")
router.register("requests", RequestViewSet, basename="request")
router.register("candidate-lists", CandidateListViewSet, basename="candidate-list")
router.register("offers", OfferViewSet, basename="offer")
router.register("admissions", AdmissionViewSet, basename="admission")
router.register("indicators", IndicatorViewSet, basename="indicator")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", swagger, name="docs"),
    *router.urls,
    re_path(r"", not_found),  # anything else under /api/v1/: a JSON 404, not the web's HTML page
]
